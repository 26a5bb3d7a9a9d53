// Draws the dashboard's charts with Chart.js from each canvas's data-series (JSON the server wrote); the table beside
// each chart holds the same numbers, for screen readers and browsers without scripts. Run again after htmx swaps a page.
(function () {
  'use strict';
  var colours = ['#1d70b8', '#00703c', '#6f3c97'];
  function draw() {
    if (typeof Chart === 'undefined') {
      return;
    }
    document.querySelectorAll('canvas[data-series]').forEach(function (canvas) {
      if (canvas.getAttribute('data-drawn') === 'yes') {
        return;
      }
      var series = JSON.parse(canvas.getAttribute('data-series'));
      canvas.setAttribute('data-drawn', 'yes');
      new Chart(canvas, {
        type: series.type,
        data: {
          labels: series.labels,
          datasets: series.datasets.map(function (set, i) {
            return {label: set.label, data: set.data, backgroundColor: colours[i % colours.length]};
          })
        },
        options: {animation: false, responsive: true, maintainAspectRatio: false,
                  scales: {y: {beginAtZero: true}}}
      });
    });
  }
  document.addEventListener('DOMContentLoaded', draw);
  document.addEventListener('htmx:afterSettle', draw);
})();

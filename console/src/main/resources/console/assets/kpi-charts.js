/* Draws the dashboard's charts with Chart.js from the JSON in each canvas's data-chart attribute (written by the
   server, see kpi/Dashboard.java). No inline script: the page's CSP forbids it. Each chart has a table beside it with
   the same numbers, so nothing is lost without this script. htmx swaps pages in without reloading: draw on each. */
(function () {
    'use strict';
    // Colours of the console's palette, distinguishable by most colour-blind readers and at least 3:1 on white.
    var COLOURS = ['#1d70b8', '#d4351c', '#00703c', '#6f3c97', '#b58840', '#505a5f', '#912b88', '#28a197'];

    function draw(root) {
        if (typeof Chart === 'undefined') {
            return;
        }
        root.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
            if (Chart.getChart(canvas)) {
                return;
            }
            var spec = JSON.parse(canvas.getAttribute('data-chart'));
            var line = spec.type === 'line';
            new Chart(canvas, {
                type: spec.type,
                data: {
                    labels: spec.labels,
                    datasets: spec.datasets.map(function (set, i) {
                        var colour = COLOURS[i % COLOURS.length];
                        return { label: set.label, data: set.data, backgroundColor: colour, borderColor: colour,
                            borderWidth: line ? 2 : 0, fill: false, tension: 0,
                            maxBarThickness: 48 };
                    })
                },
                options: {
                    responsive: true,
                    maintainAspectRatio: false,
                    animation: false,
                    plugins: { legend: { position: 'bottom' } },
                    scales: {
                        x: { stacked: spec.stacked },
                        y: { stacked: spec.stacked, beginAtZero: true, title: { display: !!spec.unit, text: spec.unit } }
                    }
                }
            });
        });
    }

    document.addEventListener('htmx:load', function (event) {
        draw(event.detail.elt);
    });
    draw(document);
})();

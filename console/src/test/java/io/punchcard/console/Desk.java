package io.punchcard.console;

import java.net.URI;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.punchcard.testsupport.Browser;

/**
 * A member of staff at a desk, for the console's browser ITs: logs in, types and clicks by element id, and looks at
 * each page (a screenshot named {@code <prefix><name>} kept under console/target/screenshots, and axe-core failing
 * on anything serious).
 */
record Desk(Browser browser, String base, String prefix, String password) {

    void open(String path) {
        browser.open(URI.create(base + path));
    }

    void logIn(String email) {
        open("/console/login");
        type("email", email);
        type("password", password);
        click("login");
        waitFor("who-name");
    }

    WebElement waitFor(String id) {
        return browser.await().until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }

    void type(String id, String text) {
        WebElement field = browser.driver().findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    void click(String id) {
        browser.driver().findElement(By.id(id)).click();
    }

    String text(String id) {
        return browser.driver().findElement(By.id(id)).getText();
    }

    void look(String name, String screen) {
        browser.screenshot(prefix + name);
        browser.assertAccessible(screen);
    }
}

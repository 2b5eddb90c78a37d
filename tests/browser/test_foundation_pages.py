"""Home, area, login, accessibility and privacy pages in a real browser: axe and no foreign hosts."""

import pytest

from tests.browser.conftest import check_axe, login

PUBLIC_PAGES = [
    "/",
    "/omraden",
    "/omraden/demokommunen",
    "/omraden/andersberg",
    "/tillganglighet",
    "/personuppgifter",
    "/logga-in",
    "/finns-inte",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_is_accessible(page, path):
    page.goto(path)
    assert page.locator("h1").count() == 1
    check_axe(page)


def test_area_page_draws_the_map_from_local_leaflet(page):
    page.goto("/omraden/demokommunen")
    page.wait_for_selector(".leaflet-container")
    assert page.evaluate("typeof L !== 'undefined' && L.version.startsWith('1.9')")
    assert page.locator("path.leaflet-interactive").count() >= 6  # the kommun and its areas
    check_axe(page)


def test_skip_link_is_first_and_moves_focus(phone_page):
    phone_page.goto("/")
    phone_page.keyboard.press("Tab")
    focused = phone_page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Hoppa till innehållet"
    phone_page.keyboard.press("Enter")
    assert phone_page.evaluate("location.hash") == "#main"


def test_language_switch_to_english_and_back(phone_page):
    phone_page.goto("/omraden")
    phone_page.get_by_role("link", name="English").click()
    assert phone_page.locator("html").get_attribute("lang") == "en"
    assert phone_page.get_by_role("heading", level=1).inner_text() == "Areas"
    check_axe(phone_page)
    phone_page.get_by_role("link", name="Svenska").click()
    assert phone_page.locator("html").get_attribute("lang") == "sv"


def test_no_horizontal_scroll_at_320px(browser, live_server):
    context = browser.new_context(viewport={"width": 320, "height": 640}, base_url=live_server)
    page = context.new_page()
    for path in ["/", "/omraden/andersberg", "/tillganglighet", "/logga-in"]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    context.close()


def test_staff_login_dashboard_and_area_tree(page):
    login(page, "samordnare@demo.example", "demo-samordnare")
    assert "Hej Sam Samordnare" in page.locator("h1").inner_text()
    check_axe(page)
    page.get_by_role("link", name="Områden").last.click()
    page.wait_for_selector(".leaflet-container")
    assert page.get_by_role("heading", level=1).inner_text() == "Områdesträdet"
    check_axe(page)


def test_admin_sees_audit_log(phone_page):
    login(phone_page, "admin@demo.example", "demo-admin")
    phone_page.get_by_role("link", name="Händelselogg").click()
    assert phone_page.get_by_role("cell", name="user.login").count() >= 1
    check_axe(phone_page)


def test_login_error_is_announced_next_to_the_field(phone_page):
    phone_page.goto("/logga-in")
    phone_page.get_by_label("E-postadress").fill("polis@demo.example")
    phone_page.get_by_label("Lösenord").fill("fel-losenord")
    phone_page.get_by_role("button", name="Logga in").click()
    assert phone_page.get_by_role("alert").is_visible()
    assert phone_page.get_by_label("Lösenord").get_attribute("aria-invalid") == "true"
    check_axe(phone_page)


def test_axe_helper_fails_on_a_real_violation(phone_page):
    phone_page.goto("/")
    phone_page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/static/x.png\">')"
    )
    with pytest.raises(pytest.fail.Exception, match="image-alt"):
        check_axe(phone_page)


def test_foreign_requests_are_caught(browser, live_server):
    from tests.browser.conftest import _watch

    context = browser.new_context(base_url=live_server, bypass_csp=True)  # test the watcher alone
    foreign = _watch(context, live_server)
    page = context.new_page()
    page.goto("/")
    page.evaluate("fetch('https://cdn.example.org/x.js').catch(() => null)")
    page.wait_for_timeout(200)
    context.close()
    assert foreign == ["https://cdn.example.org/x.js"]


def test_the_policy_refuses_foreign_scripts_and_the_watcher_reports_it(browser, live_server):
    """CSP is enforced: a foreign fetch and an inline script without the nonce are refused."""
    from tests.browser.conftest import _watch_policy

    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    violations = _watch_policy(page)
    page.goto("/")
    page.evaluate(
        """() => {
            fetch('https://cdn.example.org/x.js').catch(() => null);
            const s = document.createElement('script');
            s.textContent = 'window.injected = true';
            document.body.appendChild(s);
        }"""
    )
    page.wait_for_timeout(300)
    injected = page.evaluate("() => window.injected === true")
    context.close()
    assert not injected
    assert len(violations) >= 2, violations

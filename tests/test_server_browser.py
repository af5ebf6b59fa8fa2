"""The landing page, a department page and the query page in headless Chromium (Debian's, via selenium).

Needs ``chromium`` and ``chromium-driver`` (scripts/system-deps.sh installs
them) and the ``selenium`` package; skipped, saying which is missing, where
they are not installed. Screenshots go to a temporary folder, or to
``$BUDGETKG_SCREENSHOTS`` (``docs/screenshots`` for the README).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from .serving import Running, ingest_samples, start

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
DEPT = "聊城市人力资源和社会保障局"

if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
    pytest.skip(
        "Chromium is not installed (apt-get install chromium chromium-driver: scripts/system-deps.sh)",
        allow_module_level=True,
    )
webdriver = pytest.importorskip(
    "selenium.webdriver", reason="selenium is not installed (pip install selenium)"
)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    store = tmp_path_factory.mktemp("browser") / "kg"
    ingest_samples(store)
    running = start(store, "--workers", "2")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    os.environ.setdefault("SE_OFFLINE", "true")  # selenium must never download a browser or driver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1000",
        "--lang=zh-CN",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=DRIVER))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("BUDGETKG_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_landing_page(server: Running, browser: object, shots: Path) -> None:
    browser.get(server.url + "/")  # type: ignore[attr-defined]
    assert browser.find_element(By.TAG_NAME, "h1").text == "budgetkg 部门预算知识图谱"  # type: ignore[attr-defined]
    links = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "main ul li a")]  # type: ignore[attr-defined]
    assert DEPT in links
    assert browser.save_screenshot(str(shots / "landing.png"))  # type: ignore[attr-defined]


def test_department_page(server: Running, browser: object, shots: Path) -> None:
    browser.get(server.url + "/org/" + quote(DEPT, safe=""))  # type: ignore[attr-defined]  # 303 to the HTML
    assert browser.current_url.endswith(".html")  # type: ignore[attr-defined]
    assert browser.find_element(By.TAG_NAME, "h1").text == DEPT  # type: ignore[attr-defined]
    cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "table td")]  # type: ignore[attr-defined]
    assert "9,488.90" in cells
    # a click on a header sorts the projects table by amount
    table = browser.find_element(By.XPATH, "//h2[starts-with(., '项目')]/following-sibling::table[1]")  # type: ignore[attr-defined]
    header = table.find_elements(By.TAG_NAME, "th")[1]
    header.click()
    amounts = [
        float(td.text.replace(",", ""))
        for td in table.find_elements(By.CSS_SELECTOR, "tbody td:nth-child(2)")
    ]
    assert amounts == sorted(amounts) and len(amounts) == 23
    assert browser.save_screenshot(str(shots / "department.png"))  # type: ignore[attr-defined]


def test_query_page_runs_a_saved_query(server: Running, browser: object, shots: Path) -> None:
    browser.get(server.url + "/query")  # type: ignore[attr-defined]
    Select(browser.find_element(By.ID, "examples")).select_by_visible_text(  # type: ignore[attr-defined]
        "departments — Departments and their published totals"
    )
    assert "SELECT ?document ?department" in browser.find_element(By.ID, "sparql").get_attribute("value")  # type: ignore[attr-defined]
    browser.find_element(By.ID, "run").click()  # type: ignore[attr-defined]
    WebDriverWait(browser, 30).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "#result-table tbody tr"))
    )
    rows = browser.find_elements(By.CSS_SELECTOR, "#result-table tbody tr")  # type: ignore[attr-defined]
    assert len(rows) == 5
    assert DEPT in [r.find_elements(By.TAG_NAME, "td")[1].text for r in rows]
    assert browser.find_element(By.ID, "status").text.startswith("5 rows")  # type: ignore[attr-defined]
    totals = [r.find_elements(By.TAG_NAME, "td")[4].text for r in rows]
    assert "9,488.90" in totals  # decimals as 万元 with separators
    href = browser.find_element(By.ID, "download").get_attribute("href")  # type: ignore[attr-defined]
    assert "/sparql?format=csv&query=" in href
    assert browser.save_screenshot(str(shots / "query.png"))  # type: ignore[attr-defined]

#!/usr/bin/env bash
# System packages the test suite needs: LibreOffice (renders DOCX test fixtures
# to PDF), a CJK font (so Chinese text survives into the PDFs and charts), and
# poppler-utils/qpdf (page images, encrypted and damaged PDF fixtures), and
# chromium + chromium-driver (the browser test of the served pages), Tesseract with chi_sim (OCR of
# scanned pages, and the scanned-budget tests). libreoffice-calc writes the .xls fixtures.
# Idempotent: installs only what is missing. Needs root or sudo.
set -euo pipefail
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer)
dpkg -s libreoffice-calc >/dev/null 2>&1 || need+=(libreoffice-calc)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
# headless browser test of budgetkg serve's pages (tests/test_server_browser.py)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
# OCR of scanned budgets (budgetkg[ocr]): Tesseract 5 and its Simplified Chinese data
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
[ -e /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ] || need+=(tesseract-ocr-chi-sim)
# optional: the tests against a Virtuoso server run only with BUDGETKG_VIRTUOSO=1 (README: Virtuoso)
if [ "${BUDGETKG_VIRTUOSO:-}" = 1 ]; then command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource); fi
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null

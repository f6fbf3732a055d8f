#!/usr/bin/env bash
# Lighthouse (performance + accessibility) for the catalogue and an offering page.
#
# Builds and starts the app in production mode against a fresh demo database, runs
# Lighthouse with Debian's Chromium, prints the scores and stops the app again.
# The only network access is `npm install lighthouse` from the npm registry (cached, so
# later runs are offline); Chromium runs with its background networking switched off.
#
#   benchmarks/lighthouse.sh                 # mobile preset (Lighthouse's default)
#   LH_PRESET=desktop benchmarks/lighthouse.sh
#   PORT=3100 benchmarks/lighthouse.sh /catalogue /offerings/tud-data-analysis-with-python
#   LH_RUNS=3 benchmarks/lighthouse.sh       # runs per page (default 3): the median is shown
#
# Reports (JSON) go to benchmarks/out/lighthouse/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

LIGHTHOUSE_VERSION="${LIGHTHOUSE_VERSION:-12.8.2}"
LH_DIR="${LH_DIR:-${TMPDIR:-/tmp}/microcred-lighthouse}"
PORT="${PORT:-3000}"
CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
LH_PRESET="${LH_PRESET:-mobile}"
LH_RUNS="${LH_RUNS:-3}"
OUT_DIR="${OUT_DIR:-$ROOT/benchmarks/out/lighthouse}"
BIN="$ROOT/.venv/bin"
if [ "$#" -gt 0 ]; then
  PAGES=("$@")
else
  PAGES=("/" "/catalogue?q=data" "/offerings/uw-analiza-danych-python"
    "/qualifications/data-analytics-professional" "/verify" "/wallet")
fi

export CHROME_PATH
export REFLEX_USE_SYSTEM_BUN=1 REFLEX_TELEMETRY_ENABLED=false REFLEX_CHECK_LATEST_VERSION=false
# Production mode serves pages, API and websocket on one port.
export FRONTEND_PORT="$PORT" BACKEND_PORT="$PORT" API_URL="http://localhost:$PORT"
export PUBLIC_BASE_URL="http://localhost:$PORT"

die() { echo "lighthouse.sh: $*" >&2; exit 1; }
[ -x "$BIN/reflex" ] || die "no virtualenv at .venv (run: make install)"
[ -x "$CHROME_PATH" ] || die "Chromium not found at $CHROME_PATH (apt-get install chromium)"
command -v node >/dev/null || die "node is needed for Lighthouse"
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  die "port $PORT is busy; stop what runs there or set PORT"
fi

# 1. Lighthouse, pinned, in a cache folder outside the repository.
LH="$LH_DIR/node_modules/.bin/lighthouse"
if [ ! -x "$LH" ] || [ "$("$LH" --version 2>/dev/null)" != "$LIGHTHOUSE_VERSION" ]; then
  echo "Installing lighthouse@$LIGHTHOUSE_VERSION into $LH_DIR"
  mkdir -p "$LH_DIR"
  [ -f "$LH_DIR/package.json" ] || echo '{"name":"microcred-lighthouse","private":true}' >"$LH_DIR/package.json"
  npm install --prefix "$LH_DIR" --no-audit --no-fund --loglevel=error "lighthouse@$LIGHTHOUSE_VERSION"
fi

# 2. A fresh demo database, so every run measures the same catalogue.
WORK="$(mktemp -d "${TMPDIR:-/tmp}/microcred-lh.XXXXXX")"
export DATABASE_URL="sqlite:///$WORK/demo.db"
"$BIN/microcred" db upgrade >/dev/null
"$BIN/microcred" seed --demo >/dev/null

# 3. The app in production mode (its own process group, so it stops cleanly).
APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill -TERM -- "-$APP_PID" 2>/dev/null || kill -TERM "$APP_PID" 2>/dev/null || true
    for _ in $(seq 20); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$APP_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

echo "Building and starting the app in production mode on port $PORT (log: $WORK/app.log)"
setsid "$BIN/reflex" run --env prod --single-port \
  --frontend-port "$PORT" --backend-port "$PORT" >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 240); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/ping" && break
  kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app.log"; die "the app stopped while starting"; }
  sleep 0.5
done
curl -fs -o /dev/null "http://127.0.0.1:$PORT/ping" || { tail -40 "$WORK/app.log"; die "the app did not start"; }
# Warm up: the first request of each page is not what a visitor sees.
for page in "${PAGES[@]}"; do curl -fsL -o /dev/null "http://localhost:$PORT$page" || true; done

# 4. Lighthouse on each page.
mkdir -p "$OUT_DIR"
PRESET_FLAG=()
[ "$LH_PRESET" = "desktop" ] && PRESET_FLAG=(--preset=desktop)
CHROME_FLAGS="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run"
REPORTS=()
for page in "${PAGES[@]}"; do
  name="$(echo "$page" | sed 's#^/##; s#[^A-Za-z0-9_-]#_#g')"
  for run in $(seq "$LH_RUNS"); do
    report="$OUT_DIR/${name:-home}.$LH_PRESET.$run.json"
    "$LH" "http://localhost:$PORT$page" \
      --only-categories=performance,accessibility "${PRESET_FLAG[@]}" \
      --chrome-flags="$CHROME_FLAGS" --output=json --output-path="$report" --quiet
    REPORTS+=("$report")
  done
done

# 5. Scores, and what to fix when accessibility is not perfect.
node - "$LH_PRESET" "${REPORTS[@]}" <<'JS'
// One line per page: the median run (by performance score) of its runs, with every run's
// score, and the bytes a first visit downloads (all, scripts, stylesheets; compressed).
const [preset, ...files] = process.argv.slice(2);
const byPage = new Map();
for (const file of files) {
  const r = require(file);
  const url = new URL(r.requestedUrl);  // /wallet ends at the sign-in page, still /wallet
  const key = url.pathname + url.search;
  if (!byPage.has(key)) byPage.set(key, []);
  byPage.get(key).push(r);
}
const kb = (n) => `${Math.round(n / 1024)}`.padStart(5);
console.log(`\nLighthouse ${preset} preset, median of ${files.length / byPage.size} runs`);
console.log("page".padEnd(44) + "perf (runs)      a11y  FCP     LCP     TBT     CLS     KB all/js/css");
for (const [page, runs] of byPage) {
  const perf = (r) => Math.round(r.categories.performance.score * 100);
  runs.sort((x, y) => perf(x) - perf(y));
  const r = runs[Math.floor(runs.length / 2)];
  const a = r.audits;
  const items = (a["resource-summary"].details || {}).items || [];
  const size = (type) => (items.find((i) => i.resourceType === type) || {}).transferSize || 0;
  console.log(
    page.slice(0, 42).padEnd(44) + `${perf(r)}`.padStart(4) +
    ` (${runs.map(perf).join(",")})`.padEnd(13) +
    `${Math.round(r.categories.accessibility.score * 100)}`.padStart(4) + "  " +
    ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
     "cumulative-layout-shift"].map((id) => (a[id].displayValue || "").padEnd(8)).join("") +
    kb(size("total")) + kb(size("script")) + kb(size("stylesheet")),
  );
  const weighted = new Set(r.categories.accessibility.auditRefs.filter((x) => x.weight > 0).map((x) => x.id));
  for (const [id, audit] of Object.entries(a)) {
    if (weighted.has(id) && audit.score !== null && audit.score < 1) {
      console.log(`    accessibility: ${id}: ${audit.title}`);
    }
  }
}
console.log(`\nReports: ${require("path").dirname(files[0])}`);
JS

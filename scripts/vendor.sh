#!/usr/bin/env bash
# Refresh the browser libraries that humasgraph serves itself, from the exact versions pinned in
# web/package-lock.json: `npm ci` into web/node_modules, then copy the built files and each
# package's licence into src/humasgraph/api/static/vendor/, with MANIFEST.json (version, licence,
# sha256 of every file; tests/api/test_vendor.py checks it against the files and the lock) and
# THIRD-PARTY-NOTICES.txt (every package of the install tree, whose code the GraphiQL bundle holds).
# Run after changing a version in web/package.json (`npm install --package-lock-only` first), then
# commit web/ and the vendor folder together. Nothing is fetched when humasgraph runs or installs.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v npm >/dev/null || { echo "npm is not installed: it is needed only to refresh the vendored files" >&2; exit 1; }
(cd web && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
out=src/humasgraph/api/static/vendor
rm -rf "$out"
mkdir -p "$out"
# package: the files it serves (paths inside the npm package), copied flat into $out/<package>/.
node - "$out" <<'JS'
const fs = require("fs"), path = require("path"), crypto = require("crypto");
const out = process.argv[2];
const serve = {
  "graphiql": ["graphiql.min.js", "graphiql.min.css"],
  "react": ["umd/react.production.min.js"],
  "react-dom": ["umd/react-dom.production.min.js"],
};
const sha256 = (file) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const manifest = {};
for (const [name, files] of Object.entries(serve)) {
  const root = path.join("web/node_modules", name);
  const meta = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const licence = fs.readdirSync(root).find((f) => /^licen[cs]e(\.(md|txt))?$/i.test(f));
  if (!licence) throw new Error(`${name} ${meta.version} has no LICENSE file`);
  fs.mkdirSync(path.join(out, name));
  const entry = { version: meta.version, license: meta.license, files: {} };
  for (const file of [...files, licence]) {
    const target = path.join(out, name, path.basename(file));
    fs.copyFileSync(path.join(root, file), target);
    entry.files[path.basename(file)] = sha256(target);
  }
  manifest[name] = entry;
}
fs.writeFileSync(path.join(out, "MANIFEST.json"), JSON.stringify(manifest, null, 2) + "\n");
// Every package npm installed, sorted: the GraphiQL bundle compiles many of them in.
const lock = JSON.parse(fs.readFileSync("web/package-lock.json", "utf8"));
const lines = Object.entries(lock.packages).filter(([key]) => key)
  .map(([key, p]) => `${key.replace(/^.*node_modules\//, "")} ${p.version} ${p.license || "UNKNOWN"}`)
  .sort();
fs.writeFileSync(path.join(out, "THIRD-PARTY-NOTICES.txt"),
  "Packages installed from web/package-lock.json (name version licence). Their licence texts are\n" +
  "in each package on the npm registry; the three served here keep theirs beside their files.\n\n" +
  lines.join("\n") + "\n");
JS
echo "vendored into $out:" >&2
ls -R "$out" >&2

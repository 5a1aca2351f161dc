#!/usr/bin/env python3
"""Builds the fuzz corpora (fuzz/corpus/<target>/, not committed) from the real ArchiMate models.

Usage: python3 fuzz/make_seeds.py [DATA_DIR]   (default: tests/fixtures/archimate)

Each target gets the real files that fit it, zipped copies of the Archi models, and small cuts of
every model (the first N lines, closed off by hand where needed) so that the fuzzer also has small
well-formed inputs to mutate. Multi-part targets get their parts joined by NUL bytes, as the
targets split them.
"""
import io
import os
import re
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "tests", "fixtures", "archimate")
OUT = os.path.join(HERE, "corpus")


def read(name):
    with open(os.path.join(DATA, name), "rb") as f:
        return f.read()


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def zipped(name, data):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(name, data)
        z.writestr("images/a.png", b"\x89PNG\r\n\x1a\n")
    return buf.getvalue()


def cut_exchange(data, n):
    """The first n elements and the relationships among them."""
    text = data.decode("utf-8")
    head = text[: text.index("<elements>") + len("<elements>")]
    els = re.findall(r"<element .*?(?:/>|</element>)", text, re.S)[:n]
    ids = set(re.findall(r'identifier="([^"]+)"', "".join(e.split(">")[0] for e in els)))
    rels = [
        r
        for r in re.findall(r"<relationship .*?(?:/>|</relationship>)", text, re.S)
        if re.search(r'source="([^"]+)"', r).group(1) in ids
        and re.search(r'target="([^"]+)"', r).group(1) in ids
    ]
    body = "\n".join(els) + "\n</elements>\n"
    if rels:
        body += "<relationships>\n" + "\n".join(rels) + "\n</relationships>\n"
    pd = re.search(r"<propertyDefinitions>.*?</propertyDefinitions>", text, re.S)
    return (head + body + (pd.group(0) if pd else "") + "\n</model>\n").encode()


def cut_archi(data, n):
    """The first n lines of elements, with every folder closed."""
    lines = data.decode("utf-8").splitlines()
    out, depth = [], 0
    for line in lines[: n + 2]:
        s = line.strip()
        if s.startswith("<folder") and not s.endswith("/>"):
            depth += 1
        elif s.startswith("</folder"):
            depth -= 1
        elif s.startswith("<element") and not s.endswith("/>"):
            continue
        elif not (s.startswith("<?xml") or s.startswith("<archimate:model") or s.startswith("<folder") or (s.startswith("<element") and s.endswith("/>"))):
            continue
        out.append(line)
    out += ["</folder>"] * max(depth, 0) + ["</archimate:model>"]
    return "\n".join(out).encode()


def cut_csv(data, n):
    return b"\n".join(data.split(b"\n")[:n]) + b"\n"


xml = ["archisurance.xml", "Zoo.xml", "gc-bcm-2.0.xml"]
archi = ["archisurance.archimate", "JeanBLapierreSandbox.archimate"]
csv = [read("Zoo-csv/" + f) for f in ["elements.csv", "relations.csv", "properties.csv"]]

for f in xml:
    d = read(f)
    put("exchange", f, d)
    put("exchange", f + ".small", cut_exchange(d, 12))
    put("import", f, b"\x00" + d)
    put("import", f + ".small", b"\x00" + cut_exchange(d, 12))
for f in archi:
    d = read(f)
    small = cut_archi(d, 40)
    if len(d) < 500_000:
        put("archi", f, d)
        put("archi", f + ".zip", zipped("model.archimate", d))
    put("archi", f + ".small", small)
    put("archi", f + ".small.zip", zipped("model.archimate", small))
    put("import", f + ".small", b"\x04" + small)
    put("import", f + ".small.zip", b"\x04" + zipped("model.archimate", small))
put("archi_csv", "zoo", b"\x00".join(csv))
put("archi_csv", "zoo.small", b"\x00".join(cut_csv(c, 8) for c in csv))
put("archi_csv", "zoo.semicolon", b"\x00".join(cut_csv(c, 8).replace(b'","', b'";"') for c in csv))
# Selector 0x0e: three files named elements.csv, relations.csv, properties.csv.
put("import", "zoo-csv.small", b"\x0e" + b"\x00".join(cut_csv(c, 8) for c in csv))

nodes = (
    b"id,kind,name,weight,cost,risk,status\n"
    b"g1,goal,Grow,2,,,\ng2,goal,Keep,1,,,\nc1,capability,Sell,,,,\n"
    b"a1,application,CRM,,100,0.2,\ni1,initiative,Migrate,,50,0.3,active\n"
)
edges = (
    b"from,to,kind,weight\nc1,g1,contributes,0.8\nc1,g2,contributes,-0.5\n"
    b"a1,c1,supports,0.6\ni1,a1,supports,1\ni1,a1,depends_on,\n"
)
put("plain_csv", "pair", nodes + b"\x00" + edges)
put("plain_csv", "semicolon", nodes.replace(b",", b";") + b"\x00" + edges.replace(b",", b";"))
# Selector 0x19: two files named nodes.csv, edges.csv.
put("import", "pair", b"\x19" + nodes + b"\x00" + edges)

# Junction-heavy seeds: one junction with many sources and targets, and a chain of junctions, so
# that mutations explore the junction collapse and its limits.
NS = b'xmlns="http://www.opengroup.org/xsd/archimate/3.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'


def exchange_model(elements, relationships):
    els = b"".join(
        b'<element identifier="%s" xsi:type="%s"><name>%s</name></element>' % (i, t, i) for i, t in elements
    )
    rels = b"".join(
        b'<relationship identifier="r%d" source="%s" target="%s" xsi:type="%s"/>' % (k, s, t, ty)
        for k, (s, t, ty) in enumerate(relationships)
    )
    return b'<?xml version="1.0" encoding="UTF-8"?><model %s identifier="m"><name>J</name><elements>%s</elements><relationships>%s</relationships></model>' % (NS, els, rels)


fan_in = [(b"w%d" % i, b"WorkPackage") for i in range(12)]
fan_out = [(b"g%d" % i, b"Goal") for i in range(12)]
fan = exchange_model(
    fan_in + fan_out + [(b"j", b"AndJunction")],
    [(s, b"j", b"Realization") for s, _ in fan_in] + [(b"j", t, b"Realization") for t, _ in fan_out],
)
chain_len = 40
chain = exchange_model(
    [(b"w0", b"WorkPackage"), (b"w1", b"WorkPackage"), (b"g0", b"Goal")]
    + [(b"j%d" % i, b"OrJunction" if i % 3 else b"AndJunction") for i in range(chain_len)],
    [(b"w0", b"j0", b"Realization"), (b"w1", b"j0", b"Realization")]
    + [(b"j%d" % i, b"j%d" % (i + 1), b"Realization") for i in range(chain_len - 1)]
    + [(b"j%d" % (chain_len - 1), b"g0", b"Realization"), (b"j%d" % (chain_len - 1), b"j0", b"Realization")],
)
for name, d in [("junction-fan.xml", fan), ("junction-chain.xml", chain)]:
    put("exchange", name, d)
    put("import", name, b"\x00" + d)

# CSV quote seeds: a quote left open, a quote closed late, quotes doubled, and quoted line breaks.
quote_nodes = [
    b'id,kind,name,description\ng1,goal,"Grow,2\nc1,capability,Sell,x\ni1,initiative,"Move ""fast""",y\n',
    b'id,kind,name,description\ng1,goal,Grow,"line one\nline two"\ni1,initiative,"unterminated\n',
    b'id,kind,name\ng1,goal,"a""b\n"\ni1,initiative,\"\n',
]
for k, n in enumerate(quote_nodes):
    put("plain_csv", "quote%d" % k, n + b"\x00" + edges)
    put("import", "quote%d" % k, b"\x19" + n + b"\x00" + edges)
quote_elements = b'"ID","Type","Name","Documentation"\n"m","ArchimateModel","M",""\n"g","Goal","Grow","open\n"w","WorkPackage","W",""\n'
put("archi_csv", "quote-open", quote_elements + b"\x00" + csv[1] + b"\x00" + csv[2])

root = os.path.join(HERE, "..")
for f in ["data/demo-model.json"]:
    p = os.path.join(root, f)
    if os.path.exists(p):
        with open(p, "rb") as fh:
            put("json", os.path.basename(f), fh.read())
            put("import", "demo.json", b"\x08" + open(p, "rb").read())
put("json", "small.json", b'{"format":"aligngraph","version":1,"nodes":[{"id":"g","kind":"goal","weight":1},{"id":"i","kind":"initiative","cost":3,"estimate":{"optimistic":1,"likely":2,"pessimistic":4}}],"edges":[{"from":"i","to":"g","kind":"contributes","weight":0.5}]}')

put("mapping", "doc.json", b"""{
  "elements": {"Deliverable": "initiative", "Outcome": "element", "Principle": null},
  "relationships": {
    "Association": {"kind": "supports", "weight": 0.3},
    "Serving": {"weight": 0.9},
    "Flow": null
  },
  "properties": {"Kosten": "cost", "Risiko": "risk", "Priorit\xc3\xa4t": "weight"},
  "language": "de",
  "view_nesting": "auto"
}""")
put("mapping", "always.json", b'{"view_nesting":"always","relationships":{"Composition":{"kind":"depends_on","weight":-1},"Triggering":{"kind":"contributes"}}}')
print("corpora written to", OUT)

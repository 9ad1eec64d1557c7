#!/usr/bin/env python3
"""Writes a batch folder of shipments for the throughput benchmark.

  python3 scripts/make-batch.py OUT_DIR COUNT [--lines N]

Each shipment is examples/shipments/clean-export-mixed.json with its own id; with --lines N
every document's goods lines are repeated up to N lines (the 50-line benchmark shipment) and
the header totals follow, so the shipment stays clean.
"""
import json, os, sys
from decimal import Decimal

args = [a for a in sys.argv[1:] if not a.startswith("--")]
lines = int(sys.argv[sys.argv.index("--lines") + 1]) if "--lines" in sys.argv else 0
if "--lines" in sys.argv:
    args = [a for a in args if a != str(lines)]
out, count = args[0], int(args[1])
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "examples", "shipments", "clean-export-mixed.json"), encoding="utf-8") as f:
    bundle = json.load(f)
if lines:
    for document in ["declaration", "invoice", "packing_list", "contract", "agent_certificate"]:
        template = bundle[document]["lines"]
        bundle[document]["lines"] = [dict(template[i % len(template)], no=i + 1) for i in range(lines)]
    # Keep the shipment clean: every header total is the sum of its lines again.
    def total(document, field):
        return sum(Decimal(str(line[field])) for line in bundle[document]["lines"])
    for document in ["declaration", "invoice", "contract"]:
        bundle[document]["total_amount"] = str(total(document, "amount"))
    packing, declaration = bundle["packing_list"], bundle["declaration"]
    for field in ["gross_weight_kg", "net_weight_kg"]:
        packing[field] = declaration[field] = str(total("packing_list", field))
    packing["packages"] = declaration["packages"] = int(total("packing_list", "packages"))
    bundle["bill_of_lading"]["gross_weight_kg"] = packing["gross_weight_kg"]
    bundle["bill_of_lading"]["packages"] = packing["packages"]
os.makedirs(out, exist_ok=True)
for index in range(count):
    bundle["id"] = f"SHP-{index:06d}"
    with open(os.path.join(out, f"{index:06d}.json"), "w", encoding="utf-8") as f:
        json.dump(bundle, f, ensure_ascii=False)
print(f"{count} shipments written to {out}")

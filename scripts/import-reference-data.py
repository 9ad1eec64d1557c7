#!/usr/bin/env python3
"""Convert the public reference data of ../shared/data into the compact tables of data/.

The facts are copied unchanged; only the layout changes (JSON and wide CSV become
tab-separated tables that load in a few milliseconds). Run it again when a table is
refreshed upstream:  python3 scripts/import-reference-data.py ../shared/data data
"""
import csv, json, os, shutil, sys

src = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
dst = sys.argv[2] if len(sys.argv) > 2 else "data"


def clean(value):
    return " ".join(str(value or "").replace("\t", " ").split())


def write(name, header, rows):
    path = os.path.join(dst, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("#" + "\t".join(header) + "\n")
        for row in rows:
            out.write("\t".join(clean(v) for v in row) + "\n")


def sw(name):
    with open(os.path.join(src, "singlewindow", name + ".json"), encoding="utf-8") as f:
        return json.load(f)


# China 8-digit tariff lines, Chinese and English names side by side.
def tariff_rows(lang):
    with open(os.path.join(src, "china", f"hs8-2023-{lang}.csv"), encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return {r[0]: r for r in rows[1:] if r and r[0].isdigit()}

zh, en = tariff_rows("zh"), tariff_rows("en")
write(
    "tariff/cn-hs8-2023.tsv",
    ["code8", "name_zh", "name_en", "unit1_name", "unit2_name"],
    (
        [code, zh[code][1], en.get(code, [""] * 2)[1],
         "" if zh[code][4] == "?" else zh[code][4],
         "" if zh[code][6] == "?" else zh[code][6]]
        for code in sorted(zh)
    ),
)

# HS 2022 nomenclature (level 5 is noise in the source and is dropped).
with open(os.path.join(src, "hs", "harmonized-system-2022.csv"), encoding="utf-8") as f:
    hs = [r for r in csv.DictReader(f) if r["level"] in ("2", "4", "6")]
write("hs/hs2022.tsv", ["code", "level", "parent", "section", "description"],
      ([r["hscode"], r["level"], r["parent"], r["section"], r["description"]] for r in hs))

write("singlewindow/elements.tsv", ["code_prefix", "element", "mandatory"],
      ([r["CODE_TS"], r["ELEMENT"], r["ELEMENT_NULL"]] for r in sw("CusMerchElement")))
write("singlewindow/ciq-names.tsv", ["ciq_code13", "name"],
      ([r["STATCODE"], r["CIQNAME"]] for r in sw("CiqCiqCode") if len(r["STATCODE"]) == 13))
write("singlewindow/units.tsv", ["code", "name"],
      ([r["UNIT_CODE"], r["UNIT_NAME"]] for r in sw("CusUnit")))
write("singlewindow/trade-modes.tsv", ["code", "abbr", "full"],
      ([r["TRADE_MODE"], r["ABBR_TRADE"], r["FULL_TRADE"]] for r in sw("CusTrade")))
write("singlewindow/transaction-terms.tsv", ["code", "name"],
      ([r["TRANS_MODE"], r["TRANS_SPEC"]] for r in sw("CusTransac")))
write("singlewindow/customs-offices.tsv", ["code", "abbr", "name"],
      ([r["CUSTOMS_CODE"], r.get("ABBR_CUST", ""), r["CUSTOMS_NAME"]] for r in sw("CusCustoms")))
wraps = [[r["WRAP_CODE"], "", r["WRAP_NAME"]] for r in sw("CusWrap")]
kinds = [[r["PACKAGEKIND_CODE"], r["CUSTOMS_PACKAGEKIND_CODE"], r["PACKAGEKIND_NAME_CN"]]
         for r in sw("CusMappingPackagekindCode")]
write("singlewindow/package-kinds.tsv", ["code", "old_code", "name"], wraps + kinds)
write("singlewindow/countries.tsv", ["iso3", "customs_code", "name_zh", "name_en"],
      ([r["COUNTRY_CODE"], r["CUSTOMS_COUNTRY_CODE"], r.get("COUNTRY_NAME_CN", ""), r.get("COUNTRY_NAME_EN", "")]
       for r in sw("CusMappingCountryCode")))
write("singlewindow/currencies.tsv", ["iso3", "customs_code", "name_zh", "name_en"],
      ([r["CURRENCY_CODE"], r["CUSTOMS_CURRENCY_CODE"], r.get("CURRENCY_NAME_CN", ""), r.get("CURRENCY_NAME_EN", "")]
       for r in sw("CusMappingCurrencyCode")))
write("singlewindow/licence-documents.tsv", ["code", "name"],
      ([r["DOCU_CODE"], r["DOCU_NAME"]] for r in sw("CusLicensedocu")))
write("singlewindow/districts.tsv", ["code", "name"],
      ([r["DISTRICT_CODE"], r["DISTRICT_NAME"]] for r in sw("CusDistrict")))
write("singlewindow/transport-modes.tsv", ["code", "name"],
      ([r["TRAF_CODE"], r["TRAF_SPEC"]] for r in sw("CusTransf")))

with open(os.path.join(src, "iso", "currency-codes.csv"), encoding="utf-8") as f:
    seen = {}
    for r in csv.DictReader(f):
        if r["AlphabeticCode"] and not r["WithdrawalDate"]:
            seen.setdefault(r["AlphabeticCode"], [r["AlphabeticCode"], r["NumericCode"], r["Currency"], r["MinorUnit"]])
write("iso/currencies.tsv", ["alpha3", "numeric", "name", "minor_unit"], (seen[k] for k in sorted(seen)))
with open(os.path.join(src, "iso", "country-codes.csv"), encoding="utf-8") as f:
    countries = [r for r in csv.DictReader(f) if r["ISO3166-1-Alpha-3"]]
write("iso/countries.tsv", ["alpha3", "alpha2", "numeric", "name_en", "name_zh"],
      ([r["ISO3166-1-Alpha-3"], r["ISO3166-1-Alpha-2"], r["ISO3166-1-numeric"],
        r["CLDR display name"] or r["official_name_en"], r["UNTERM Chinese Short"] or r["official_name_cn"]]
       for r in sorted(countries, key=lambda r: r["ISO3166-1-Alpha-3"])))

for sub in ("holidays", "origin"):
    os.makedirs(os.path.join(dst, sub), exist_ok=True)
    for name in sorted(os.listdir(os.path.join(src, sub))):
        shutil.copyfile(os.path.join(src, sub, name), os.path.join(dst, sub, name))
print("reference data written to", dst)

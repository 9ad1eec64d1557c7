#!/usr/bin/env python3
"""Turns dev2-raw.tsv (lang, description, code as given, source, url) into dev2.csv rows
(usage: make_dev2.py RAW.tsv OUT.csv [ID_PREFIX], the prefix d2 by default; dev5 is made the
same way with prefix d5):
drops rows overlapping test.csv (description similarity, ruling number), tariff-like items,
codes not in HS 2022, and duplicates. Prints counts and the dropped rows (never a test row)."""
import csv, re, sys, unicodedata
import os
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
hs6 = {l.split('\t')[0] for l in open(f'{root}/data/hs/hs2022.tsv') if not l.startswith('#') and len(l.split('\t')[0]) == 6}
tariff = {}
for l in open(f'{root}/data/tariff/cn-hs8-2023.tsv'):
    if l.startswith('#'): continue
    f = l.rstrip('\n').split('\t'); tariff[f[0]] = f[1]
ciq = [l.rstrip('\n').split('\t')[1] for l in open(f'{root}/data/singlewindow/ciq-names.tsv') if not l.startswith('#')]
def norm(s):
    s = unicodedata.normalize('NFKC', s).lower()
    return re.sub(r'[\W_]+', '', s)
names = [norm(n) for n in list(tariff.values()) + ciq]
test = list(csv.DictReader(open(f'{root}/eval/classification/test.csv')))
tnorm = [norm(r['description']) for r in test]
tids = set()
for r in test:
    for m in re.findall(r'\b(?:NY|HQ|N)\s?[A-Z]?\d{5,6}\b', r['source']): tids.add(m.replace(' ', ''))
def grams(s, n=2): return {s[i:i+n] for i in range(len(s)-n+1)} or {s}
tgr = [grams(t) for t in tnorm]
rows, seen = [], set()
drop = {'overlap':0,'id':0,'tariff':0,'hs':0,'dup':0}
for line in open(sys.argv[1]):
    line = line.rstrip('\n')
    if not line or line.startswith('#'): continue
    lang, desc, code, source, url = line.split('\t')
    n = norm(desc); g = grams(n)
    digits = re.sub(r'\D', '', code)
    ids = [m.replace(' ', '') for m in re.findall(r'\b(?:NY|HQ|N)\s?[A-Z]?\d{5,6}\b', source)]
    if n in seen: drop['dup'] += 1; continue
    if any(i in tids for i in ids): drop['id'] += 1; print('id-overlap:', desc); continue
    if any(n == t or (min(len(n), len(t)) >= 4 and (n in t or t in n)) or len(g & tg) / len(g | tg) > 0.6 for t, tg in zip(tnorm, tgr)):
        drop['overlap'] += 1; print('overlap:', desc); continue
    if lang == 'zh' and any(n in name for name in names):
        drop['tariff'] += 1; continue
    h = digits[:6]
    if h not in hs6: drop['hs'] += 1; print('not-hs2022:', desc, code); continue
    seen.add(n)
    c8 = digits[:8] if lang == 'zh' and digits[:8] in tariff else ''
    rows.append((lang, desc, h, c8, code, source, url))
out = csv.writer(open(sys.argv[2], 'w', newline=''))
out.writerow(['id','lang','description','hs6','cn_code8','source_code','source','url'])
prefix = sys.argv[3] if len(sys.argv) > 3 else 'd2'
for i, r in enumerate(rows, 1): out.writerow([f'{prefix}-{i:03d}', *r])
print(drop, 'kept', len(rows), 'zh', sum(r[0]=='zh' for r in rows), 'en', sum(r[0]=='en' for r in rows))

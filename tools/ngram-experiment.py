#!/usr/bin/env python3
"""A measurement, not part of the product: how far a plain character n-gram classifier, trained on the development
texts, would carry to a set split from them by source, alone and next to the rules.

Usage: python3 tools/ngram-experiment.py [--test holdout5] [--bin build/zicha]
Trains a logistic regression (character 1-3-grams after OpenCC t2s, digits folded) on the development texts (the
top-level corpus files and the sets whose README says they became development data), never on a set still held out,
then prints, per score threshold, the
test set's recall and false-positive rate for the rules alone, the model alone and either of them. Needs `opencc`
(Debian package opencc). Deterministic (seed 1)."""
import argparse, collections, glob, json, math, os, random, re, subprocess

ap = argparse.ArgumentParser()
ap.add_argument('--test', default='holdout5')
ap.add_argument('--bin', default='build/zicha')
a = ap.parse_args()
random.seed(1)
items = []
def held_out(d):  # a set still held out: its README does not say it became development data (tools/eval.mjs)
    try:
        return 'development data' not in open(os.path.join('tests/corpus', d, 'README.md'), encoding='utf-8').readline()
    except OSError:
        return False
for f in sorted(glob.glob('tests/corpus/*.jsonl') + glob.glob('tests/corpus/*/*.jsonl')):
    d = os.path.basename(os.path.dirname(f))
    if d != 'corpus' and d != a.test and held_out(d):
        continue
    for l in open(f, encoding='utf-8'):
        if l.strip():
            o = json.loads(l)
            items.append({'id': o['id'], 'text': o['text'], 'y': 1 if o.get('expected') else 0,
                          'cat': o.get('category'), 'test': d == a.test})
inp = ''.join(json.dumps({'id': i['id'], 'text': i['text'], **({'category': i['cat']} if i['cat'] else {})},
                         ensure_ascii=False) + '\n' for i in items)
out = subprocess.run([a.bin, 'batch'], input=inp.encode(), capture_output=True, check=True).stdout.decode()
res = {o['id']: o for o in map(json.loads, out.splitlines())}
for i in items:
    i['flag'] = any(f['severity'] in ('error', 'warning') for f in res[i['id']].get('findings', []))
conv = subprocess.run(['opencc', '-c', 't2s.json'], input=('\n'.join(i['text'].replace('\n', ' ') for i in items) + '\n').encode(),
                      capture_output=True, check=True).stdout.decode().split('\n')
for i, s in zip(items, conv):
    s = re.sub(r'[0-9０-９]+', '0', s.lower())
    i['x'] = {s[k:k + n] for n in (1, 2, 3) for k in range(len(s) - n + 1)}
train = [i for i in items if not i['test']]
test = [i for i in items if i['test']]
df = collections.Counter(g for i in train for g in i['x'])
vocab = {g for g, c in df.items() if c >= 2}
w = collections.defaultdict(float)
b = 0.0
for _ in range(15):
    random.shuffle(train)
    for i in train:
        feats = [g for g in i['x'] if g in vocab]
        z = max(-30.0, min(30.0, b + sum(w[g] for g in feats)))
        err = 1 / (1 + math.exp(-z)) - i['y']
        for g in feats:
            w[g] -= 0.2 * (err / math.sqrt(len(i['x'])) + 1e-4 * w[g])
        b -= 0.02 * err
score = lambda i: b + sum(w.get(g, 0.0) for g in i['x'] if g in vocab)
v = [i for i in test if i['y']]
c = [i for i in test if not i['y']]
rate = lambda xs, p: sum(1 for i in xs if p(i)) / max(1, len(xs))
print(f'train {len(train)} texts, test {a.test}: {len(v)} violating, {len(c)} clean')
print('threshold | rules recall / FP | model recall / FP | either recall / FP')
for th in (0, 1, 2, 3, 4):
    m = lambda i: score(i) > th
    e = lambda i: i['flag'] or m(i)
    print(f'{th:9d} | {rate(v, lambda i: i["flag"]):.3f} / {rate(c, lambda i: i["flag"]):.3f} | '
          f'{rate(v, m):.3f} / {rate(c, m):.3f} | {rate(v, e):.3f} / {rate(c, e):.3f}')

#!/usr/bin/python3
"""Reference values of log 2F1(a, b; a+1; z) and its partial derivatives.

Computed with mpmath (1.2.1) at 40 significant digits: mpmath.hyp2f1 for the
value, mpmath.diff (numerical differentiation at 40 digits) for the
derivatives of the logarithm. z is given through zc = 1 - z, which is a
double; mpmath forms z = 1 - zc exactly. Run: /usr/bin/python3 gen_mpmath.py > hyp2f1_mpmath.json
"""
import json
import mpmath as mp

mp.mp.dps = 40

cases = []
grid_a = [0.05, 0.6, 1.16, 3.5, 48.6, 500.0]
grid_b = [0.3, 1.0, 1.606, 2.0, 3.0, 12.5, 200.0]
grid_zc = [1.0, 0.95, 0.5, 0.3, 0.11, 0.1, 0.09, 0.01, 1e-3, 1e-6, 1e-10, 1e-15]
for a in grid_a:
    for b in grid_b:
        for zc in grid_zc:
            z = 1 - mp.mpf(zc)
            f = lambda a_, b_, z_: mp.log(mp.hyp2f1(a_, b_, a_ + 1, z_))
            v = f(a, b, z)
            da = mp.diff(lambda t: f(t, b, z), a)
            db = mp.diff(lambda t: f(a, t, z), b)
            dz = mp.diff(lambda t: f(a, b, t), z) if zc > 1e-12 else None
            cases.append({
                "a": a, "b": b, "zc": zc,
                "log": float(v), "da": float(da), "db": float(db),
                "dz": None if dz is None else float(dz),
            })
print(json.dumps({
    "source": "mpmath 1.2.1, mp.dps = 40; see gen_mpmath.py",
    "function": "log 2F1(a, b; a+1; 1 - zc) and its partial derivatives in a, b, z",
    "cases": cases,
}, indent=1))

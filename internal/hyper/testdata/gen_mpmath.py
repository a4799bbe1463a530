#!/usr/bin/python3
"""Reference values of log 2F1(a, b; a+1; z) and its partial derivatives.

Computed with mpmath (1.2.1) at 40 significant digits: mpmath.hyp2f1 for the
value, mpmath.diff (numerical differentiation at 40 digits) for the
derivatives of the logarithm; five extreme cases at the end by mpmath.quad
(see the comment there). z is given through zc = 1 - z, which is a
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
# Extreme parameters: the regions where the series would be long and the
# values overflow a double (huge a, huge b, z near 1). mpmath's hyp2f1 does
# not converge here, so these use mpmath.quad on the Euler integral
# F = a * int_0^inf exp(-a v) (1 - z exp(-v))^(-b) dv, split at multiples of
# the peak width 1/kappa, kappa = a + b z/(1-z); the derivatives of log F are
# the integrand-weighted means of -v (plus 1/a), -log(1 - z exp(-v)) and
# b exp(-v)/(1 - z exp(-v)).
for a, b, zc in [(1e6, 1.5, 1e-8), (2.0, 5000.0, 0.3), (1e5, 1e5, 1e-3), (0.01, 3000.0, 0.5), (1e6, 0.7, 0.05)]:
    a_, b_, zc_ = mp.mpf(a), mp.mpf(b), mp.mpf(zc)
    z = 1 - zc_
    kappa = a_ + b_ * z / zc_
    pts = [0] + [mp.mpf(10) ** k / kappa for k in range(0, 40) if mp.mpf(10) ** k / kappa < 1e4] + [mp.inf]
    lref = -b_ * mp.log(zc_)
    f = lambda v: mp.exp(-a_ * v - b_ * mp.log(1 - z * mp.exp(-v)) - lref)
    I = mp.quad(f, pts)
    ia = mp.quad(lambda v: -v * f(v), pts)
    ib = mp.quad(lambda v: -mp.log(1 - z * mp.exp(-v)) * f(v), pts)
    iz = mp.quad(lambda v: b_ * mp.exp(-v) / (1 - z * mp.exp(-v)) * f(v), pts)
    cases.append({
        "a": a, "b": b, "zc": zc,
        "log": float(mp.log(a_) + lref + mp.log(I)),
        "da": float(1 / a_ + ia / I),
        "db": float(ib / I),
        "dz": float(iz / I),
    })
print(json.dumps({
    "source": "mpmath 1.2.1, mp.dps = 40; see gen_mpmath.py",
    "function": "log 2F1(a, b; a+1; 1 - zc) and its partial derivatives in a, b, z",
    "cases": cases,
}, indent=1))

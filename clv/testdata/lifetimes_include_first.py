import sys
sys.path.insert(0, '/work/shared/bench/vendor')
import importlib.util, types, pandas as pd, numpy as np
sys.modules.setdefault('dill', types.ModuleType('dill'))  # imported by utils.py, used only to pickle fitters
spec = importlib.util.spec_from_file_location('lifetimes_utils', '/work/shared/bench/vendor/lifetimes/utils.py')
lu = importlib.util.module_from_spec(spec); spec.loader.exec_module(lu)
summary_data_from_transaction_data = lu.summary_data_from_transaction_data
rows = []
with open('/work/main/clv/testdata/CDNOW_sample.txt') as f:
    for line in f:
        p = line.split()
        if not p: continue
        rows.append((p[1], p[2], float(p[4])))
df = pd.DataFrame(rows, columns=['id', 'date', 'amount'])
df['date'] = pd.to_datetime(df['date'], format='%Y%m%d')
out = {}
for inc in (False, True):
    s = summary_data_from_transaction_data(df, 'id', 'date', monetary_value_col='amount',
        observation_period_end='1997-09-30', freq='D', freq_multiplier=7, include_first_transaction=inc)
    out[inc] = s
a, b = out[False], out[True]
m = a.join(b, lsuffix='_default', rsuffix='_first')
m = m.sort_index()
m.index.name = 'id'
print(pd.__version__, np.__version__, sys.version, file=sys.stderr)
m.to_csv(sys.stdout, float_format='%.17g')

# Times R's survival on the 1,000,000 tenures of retention/bench_test.go
# (benchTenures, written to CSV with the same generator): the Kaplan-Meier
# curve with its median (survfit + print's table) and the two-group
# log-rank test (survdiff), back to back with the Go benchmark
# BenchmarkKaplanMeier / BenchmarkLogRank / BenchmarkKaplanMeierLogRank.
#   Rscript bench_survival.R days.csv cont.csv
suppressMessages(library(survival))
for (path in commandArgs(trailingOnly = TRUE)) {
  d <- read.csv(path)
  km <- replicate(3, system.time({
    f <<- survfit(Surv(time, event) ~ 1, data = d, conf.type = "log-log")
    m <<- summary(f)$table[["median"]]
  })[["elapsed"]])
  lr <- replicate(3, system.time(s <<- survdiff(Surv(time, event) ~ group, data = d))[["elapsed"]])
  cat(sprintf("%s: n = %d, survfit+median %.3f s (min of 3), survdiff %.3f s (min of 3), median %.6g, chisq %.6f\n",
              path, nrow(d), min(km), min(lr), m, s$chisq))
}

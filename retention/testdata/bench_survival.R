# Times R's survival on the 1,000,000 tenures of retention/bench_test.go
# (benchTenures; `go test ./retention -run WriteBenchData -benchdata DIR`
# writes DIR/tenures_days_true.csv and DIR/tenures_days_false.csv from the
# same generator): the Kaplan-Meier curve with its median (survfit +
# summary()$table) and the two-group log-rank test (survdiff), timed inside
# R with system.time (reading excluded; elapsed and user + system CPU),
# back to back with the Go benchmarks BenchmarkKaplanMeier /
# BenchmarkLogRank (n=1000000).
#   Rscript bench_survival.R DIR [repeats]
suppressMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
reps <- if (length(args) > 1) as.integer(args[2]) else 3
for (name in c("tenures_days_true.csv", "tenures_days_false.csv")) {
  d <- read.csv(file.path(args[1], name))
  cpu <- function(st) st[["user.self"]] + st[["sys.self"]]
  km <- replicate(reps, system.time({
    f <<- survfit(Surv(time, event) ~ 1, data = d, conf.type = "log-log")
    m <<- summary(f)$table[["median"]]
  }))
  lr <- replicate(reps, system.time(s <<- survdiff(Surv(time, event) ~ group, data = d)))
  fmt <- function(st) paste(sprintf("%.3f", st["elapsed", ]), collapse = " ")
  fmtc <- function(st) paste(sprintf("%.3f", apply(st, 2, cpu)), collapse = " ")
  cat(sprintf("%s: n = %d, survfit+median %s s wall, %s s CPU; survdiff %s s wall, %s s CPU; median %.10g, chisq %.10f\n",
              name, nrow(d), fmt(km), fmtc(km), fmt(lr), fmtc(lr), m, s$chisq))
}

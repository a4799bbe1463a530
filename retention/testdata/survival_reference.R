# Reference values for the retention package's survival estimates, computed
# with R's survival package on datasets that ship with it (aml, lung,
# ovarian, heart). Run from this directory:
#   Rscript survival_reference.R > survival_reference.json
# Each survfit case records the data, the curve (summary.survfit with
# censor = TRUE), the median with its confidence limits (print.survfit /
# summary()$table), the restricted mean to several horizons (survmean via
# print.survfit's rmean) and the Nelson-Aalen cumulative hazard (cumhaz,
# std.chaz). Each survdiff case records the data, the statistic, the
# degrees of freedom, the p-value, the observed and expected counts and the
# variance matrix.
suppressMessages(library(survival))

num <- function(x) {
  s <- ifelse(is.na(x), "null",
       ifelse(is.infinite(x), ifelse(x > 0, "\"Infinity\"", "\"-Infinity\""),
              sprintf("%.17g", x)))
  paste0("[", paste(s, collapse = ","), "]")
}
one <- function(x) if (is.na(x)) "null" else sprintf("%.17g", x)
str <- function(x) paste0("\"", x, "\"")

km_case <- function(name, time, event, entry = NULL, conf.type = "log-log",
                    conf.int = 0.95, taus = c()) {
  if (is.null(entry)) {
    fit <- survfit(Surv(time, event) ~ 1, conf.type = conf.type, conf.int = conf.int)
  } else {
    fit <- survfit(Surv(entry, time, event) ~ 1, conf.type = conf.type, conf.int = conf.int)
  }
  s <- summary(fit, censored = TRUE)
  tab <- summary(fit)$table
  rm <- sapply(taus, function(tau) {
    t <- survival:::survmean(fit, rmean = tau)$matrix
    c(t[["rmean"]], t[["se(rmean)"]])
  })
  out <- c(
    paste0("\"name\":", str(name)),
    paste0("\"conf_type\":", str(conf.type)),
    paste0("\"level\":", one(conf.int)),
    paste0("\"time\":", num(time)),
    paste0("\"event\":", num(event)),
    paste0("\"entry\":", if (is.null(entry)) "null" else num(entry)),
    paste0("\"steps\":{",
      paste(c(
        paste0("\"time\":", num(fit$time)),
        paste0("\"n_risk\":", num(fit$n.risk)),
        paste0("\"n_event\":", num(fit$n.event)),
        paste0("\"n_censor\":", num(fit$n.censor)),
        paste0("\"surv\":", num(fit$surv)),
        paste0("\"std_err\":", num(fit$std.err * fit$surv)),
        paste0("\"lower\":", num(fit$lower)),
        paste0("\"upper\":", num(fit$upper)),
        paste0("\"cumhaz\":", num(fit$cumhaz)),
        paste0("\"std_chaz\":", num(fit$std.chaz))), collapse = ","), "}"),
    paste0("\"median\":", one(tab[["median"]])),
    paste0("\"median_lower\":", one(tab[[paste0(conf.int, "LCL")]])),
    paste0("\"median_upper\":", one(tab[[paste0(conf.int, "UCL")]])),
    paste0("\"rmst\":[", paste(sapply(seq_along(taus), function(i)
      sprintf("{\"horizon\":%s,\"mean\":%s,\"std_err\":%s}", one(taus[i]), one(rm[1, i]), one(rm[2, i]))),
      collapse = ","), "]"))
  paste0("{", paste(out, collapse = ","), "}")
}

lr_case <- function(name, time, event, group, strata = NULL) {
  if (is.null(strata)) {
    d <- survdiff(Surv(time, event) ~ group)
  } else {
    d <- survdiff(Surv(time, event) ~ group + strata(strata))
  }
  o <- if (is.matrix(d$obs)) rowSums(d$obs) else d$obs
  e <- if (is.matrix(d$exp)) rowSums(d$exp) else d$exp
  df <- sum(diag(d$var) > 0) - 1
  out <- c(
    paste0("\"name\":", str(name)),
    paste0("\"time\":", num(time)),
    paste0("\"event\":", num(event)),
    paste0("\"group\":", num(group)),
    paste0("\"strata\":", if (is.null(strata)) "null" else num(strata)),
    paste0("\"groups\":", num(sort(unique(group)))),
    paste0("\"n\":", num(as.vector(d$n))),
    paste0("\"chisq\":", one(d$chisq)),
    paste0("\"df\":", one(length(d$n) - 1)),
    paste0("\"p\":", one(pchisq(d$chisq, length(d$n) - 1, lower.tail = FALSE))),
    paste0("\"observed\":", num(o)),
    paste0("\"expected\":", num(e)),
    paste0("\"variance\":", num(as.vector(d$var))))
  paste0("{", paste(out, collapse = ","), "}")
}

lung2 <- lung[!is.na(lung$ph.ecog), ]
# Data sets bundled with lifelines (lifelines/SOURCE.md), and the inline
# data of lifelines' tests.
waltons <- read.csv("lifelines/waltons_dataset.csv")
waltons$g <- ifelse(waltons$group == "control", 0, 1)
g3 <- read.csv("lifelines/g3.csv")
g3$e <- as.integer(g3$event == "True")
g3$g <- ifelse(g3$group == "Control", 0, 1)
lymph <- read.csv("lifelines/lymphoma.csv")
ethz_t <- c(1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23,
            6, 6, 6, 7, 10, 13, 16, 22, 23, 6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 25)
ethz_e <- c(rep(1, 21), rep(1, 9), rep(0, 12))
ethz_g <- c(rep(0, 21), rep(1, 21))
km <- c(
  km_case("aml", aml$time, aml$status, taus = c(30, 100, 161)),
  km_case("aml-log", aml$time, aml$status, conf.type = "log", taus = c(50)),
  km_case("aml-plain", aml$time, aml$status, conf.type = "plain"),
  km_case("aml-maintained", aml$time[aml$x == "Maintained"], aml$status[aml$x == "Maintained"], taus = c(100)),
  km_case("aml-nonmaintained-90", aml$time[aml$x == "Nonmaintained"], aml$status[aml$x == "Nonmaintained"], conf.int = 0.9, taus = c(45)),
  km_case("lung", lung$time, lung$status - 1, taus = c(365, 730, 1022)),
  km_case("lung-log", lung$time, lung$status - 1, conf.type = "log", taus = c(500)),
  km_case("lung-plain", lung$time, lung$status - 1, conf.type = "plain"),
  km_case("lung-female-log-99", lung$time[lung$sex == 2], lung$status[lung$sex == 2] - 1, conf.type = "log", conf.int = 0.99),
  km_case("ovarian", ovarian$futime, ovarian$fustat, taus = c(365, 1000)),
  km_case("ovarian-plain", ovarian$futime, ovarian$fustat, conf.type = "plain"),
  km_case("heart-late-entry", heart$stop, heart$event, entry = heart$start),
  km_case("heart-late-entry-log", heart$stop, heart$event, entry = heart$start, conf.type = "log"),
  km_case("lifelines-waltons-control", waltons$T[waltons$g == 0], waltons$E[waltons$g == 0], taus = c(50, 75)),
  km_case("lifelines-waltons-mir137", waltons$T[waltons$g == 1], waltons$E[waltons$g == 1], taus = c(30)),
  km_case("lifelines-waltons-log", waltons$T, waltons$E, conf.type = "log", taus = c(40)),
  km_case("lifelines-g3-rit", g3$time[g3$g == 1], g3$e[g3$g == 1], taus = c(60)),
  km_case("lifelines-g3-control", g3$time[g3$g == 0], g3$e[g3$g == 0], taus = c(40)),
  km_case("lifelines-lymphoma", lymph$Time, lymph$Censor, taus = c(100, 300)),
  km_case("lifelines-late-entry-1", c(2, 10, 5, 4, 3), rep(1, 5), entry = c(1.9, 0, 0, 0, 0)),
  km_case("lifelines-late-entry-2", c(2, 10, 5, 4, 3), rep(1, 5), entry = c(1, 2, 4, 0, 0))
)
lr <- c(
  lr_case("aml", aml$time, aml$status, as.integer(aml$x)),
  lr_case("lung-sex", lung$time, lung$status - 1, lung$sex),
  lr_case("lung-ecog", lung2$time, lung2$status - 1, lung2$ph.ecog),
  lr_case("lung-sex-strata-ecog", lung2$time, lung2$status - 1, lung2$sex, lung2$ph.ecog),
  lr_case("ovarian-rx-strata-ecog", ovarian$futime, ovarian$fustat, ovarian$rx, ovarian$ecog.ps),
  lr_case("ovarian-rx-strata-resid", ovarian$futime, ovarian$fustat, ovarian$rx, ovarian$resid.ds),
  lr_case("lifelines-waltons", waltons$T, waltons$E, waltons$g),
  lr_case("lifelines-g3", g3$time, g3$e, g3$g),
  lr_case("lifelines-lymphoma", lymph$Time, lymph$Censor, lymph$Stage_group),
  lr_case("lifelines-ethz", ethz_t, ethz_e, ethz_g),
  lr_case("lifelines-six", c(10, 20, 30, 10, 20, 50), rep(1, 6), c(1, 1, 1, 0, 0, 0)),
  lr_case("lifelines-six-censored", c(10, 20, 30, 10, 20, 50), c(1, 0, 1, 1, 0, 1), c(1, 1, 1, 0, 0, 0))
)
cat("{\n\"r_version\":", str(R.version.string), ",\n\"survival_version\":",
    str(as.character(packageVersion("survival"))), ",\n\"kaplan_meier\":[\n",
    paste(km, collapse = ",\n"), "\n],\n\"log_rank\":[\n", paste(lr, collapse = ",\n"), "\n]\n}\n", sep = "")

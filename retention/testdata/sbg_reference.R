# Independent maximum-likelihood fit of the shifted-beta-geometric model of
# Fader and Hardie (2007) in base R (optim, BFGS on log parameters, then
# Newton polish with the numerical Hessian of optimHess), for the two
# segments of the paper and for the two cohorts fitted jointly, plus
# DERL(d, n - 1 renewals) by direct summation (Fader and Hardie 2010, eq. 6).
#   Rscript sbg_reference.R > sbg_reference.json
regular  <- c(1000, 631, 468, 382, 326, 289, 262, 241)
high_end <- c(1000, 869, 743, 653, 593, 551, 517, 491)
ll_cohort <- function(g, d, s) {
  t <- seq_along(s[-1])
  lS <- lbeta(g, d + t) - lbeta(g, d)
  lP <- lbeta(g + 1, d + t - 1) - lbeta(g, d)
  lost <- -diff(s)
  sum(lost * lP) + s[length(s)] * lS[length(lS)]
}
fit <- function(cohorts) {
  nll <- function(lp) -sum(sapply(cohorts, function(s) ll_cohort(exp(lp[1]), exp(lp[2]), s)))
  o <- optim(c(0, 0), nll, method = "BFGS", control = list(reltol = 1e-15, maxit = 1000))
  p <- o$par
  for (i in 1:20) { # Newton polish on numerical derivatives
    h <- optimHess(p, nll)
    gr <- sapply(1:2, function(j) { e <- c(0, 0); e[j] <- 1e-6; (nll(p + e) - nll(p - e)) / 2e-6 })
    p <- p - solve(h, gr)
  }
  est <- exp(p)
  hn <- optimHess(est, function(x) nll(log(x)))
  se <- sqrt(diag(solve(hn)))
  list(gamma = est[1], delta = est[2], ll = -nll(p), se = se)
}
derl <- function(g, d, renewals, disc) {
  n <- renewals + 1
  t <- n:(n + 20000)
  lS <- lbeta(g, d + t) - lbeta(g, d + n - 1)
  sum(exp(lS - (t - n) * log(1 + disc)))
}
f <- function(x) sprintf("%.15g", x)
case <- function(name, cohorts) {
  r <- fit(cohorts)
  ds <- c(0.1, 0.05)
  dl <- sapply(0:4, function(k) sapply(ds, function(d) derl(r$gamma, r$delta, k, d)))
  sprintf("{\"name\":\"%s\",\"gamma\":%s,\"delta\":%s,\"log_lik\":%s,\"std_err\":[%s,%s],\"derl\":[%s]}",
    name, f(r$gamma), f(r$delta), f(r$ll), f(r$se[1]), f(r$se[2]),
    paste(sapply(0:4, function(k) sapply(seq_along(ds), function(i)
      sprintf("{\"renewals\":%d,\"discount\":%s,\"value\":%s}", k, f(ds[i]), f(dl[i, k + 1])))), collapse = ","))
}
cat("{\"r_version\":\"", R.version.string, "\",\"cases\":[\n",
    case("regular", list(regular)), ",\n",
    case("high end", list(high_end)), ",\n",
    case("both", list(regular, high_end)), ",\n",
    case("regular, two cohorts", list(regular, regular[1:5] * 2)), "\n]}\n", sep = "")

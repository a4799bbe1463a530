# Reference values for package monitor, from the textbook formulas (qcc is
# not packaged in Debian; see SOURCE.md). Run: Rscript make_reference.R
library(spc)
library(sandwich)
options(digits = 17)
w <- function(df, f) write.csv(df, f, row.names = FALSE, quote = FALSE)
fmt <- function(x) sprintf("%.17g", x)
L <- 3

## 1. Montgomery Table 7.1 (Example 7.1): orange-juice cans, 30 samples of 50.
D <- c(12,15,8,10,4,7,16,9,14,10,5,6,17,12,22,8,10,5,13,11,20,18,24,15,9,12,7,13,9,6)
n <- rep(50, 30)
pchart <- function(x, n, base) {
  pbar <- sum(x[base]) / sum(n[base])
  se <- sqrt(pbar * (1 - pbar) / n)
  data.frame(n = n, successes = x, value = fmt(x / n), center = fmt(pbar), std_err = fmt(se),
             lcl = fmt(pmax(0, pbar - L * se)), ucl = fmt(pmin(1, pbar + L * se)),
             out = as.integer(x / n > pmin(1, pbar + L * se) | x / n < pmax(0, pbar - L * se)))
}
w(pchart(D, n, 1:30), "pchart_orangejuice.csv")

## 2. A CX series: weekly top-box counts with very different n (seeded).
set.seed(20)
m <- 26
nw <- sample(30:400, m, replace = TRUE)
p <- c(rep(0.62, 13), rep(0.66, 13)) + rnorm(m, 0, 0.03)   # overdispersed
xw <- rbinom(m, nw, p)
base <- 1:13
w(pchart(xw, nw, base), "pchart_weekly.csv")

# Laney p' (Laney 2002): sigma_z from the moving ranges of z on the baseline, d2 = 2/sqrt(pi).
pbar <- sum(xw[base]) / sum(nw[base]); se <- sqrt(pbar * (1 - pbar) / nw)
z <- (xw / nw - pbar) / se
sz <- mean(abs(diff(z[base]))) / (2 / sqrt(pi))
w(data.frame(n = nw, successes = xw, value = fmt(xw / nw), center = fmt(pbar), sigma_z = fmt(sz),
             std_err = fmt(se * sz), lcl = fmt(pmax(0, pbar - L * se * sz)), ucl = fmt(pmin(1, pbar + L * se * sz))),
  "laney_weekly.csv")

## 3. NPS chart, trinomial limits.
pr <- c(rep(0.45, 13), rep(0.50, 13)); de <- rep(0.2, m)
P <- rbinom(m, nw, pr); Dt <- rbinom(m, nw - P, de / (1 - pr)); A <- nw - P - Dt
pp <- sum(P[base]) / sum(nw[base]); dd <- sum(Dt[base]) / sum(nw[base])
V <- pp + dd - (pp - dd)^2; c0 <- 100 * (pp - dd); sen <- 100 * sqrt(V / nw)
w(data.frame(n = nw, promoters = P, passives = A, detractors = Dt, value = fmt(100 * (P - Dt) / nw),
             center = fmt(c0), variance = fmt(V), std_err = fmt(sen),
             lcl = fmt(pmax(-100, c0 - L * sen)), ucl = fmt(pmin(100, c0 + L * sen))), "nps_weekly.csv")

## 4. X-bar and S with varying n (Montgomery sec. 6.3.3).
c4 <- function(n) sqrt(2 / (n - 1)) * exp(lgamma(n / 2) - lgamma((n - 1) / 2))
nm <- sample(5:60, m, replace = TRUE)
mu <- c(rep(5.2, 13), rep(5.5, 13))
xb <- numeric(m); sd <- numeric(m)
for (i in 1:m) { y <- rnorm(nm[i], mu[i], 1.4); xb[i] <- mean(y); sd[i] <- sd(y) }
xbb <- sum(nm[base] * xb[base]) / sum(nm[base])
sbar <- sqrt(sum((nm[base] - 1) * sd[base]^2) / (sum(nm[base]) - length(base)))
A3 <- L / (c4(nm) * sqrt(nm)); k <- L * sqrt(1 - c4(nm)^2) / c4(nm)
w(data.frame(n = nm, mean = fmt(xb), variance = fmt(sd^2), x_center = fmt(xbb),
             x_lcl = fmt(xbb - A3 * sbar), x_ucl = fmt(xbb + A3 * sbar), s_value = fmt(sd),
             s_center = fmt(sbar), s_lcl = fmt(pmax(0, (1 - k) * sbar)), s_ucl = fmt((1 + k) * sbar)),
  "xbars_weekly.csv")

## 5. EWMA (exact limits) and tabular CUSUM on the standardised weekly shares.
ewma <- function(z, lambda, L) {
  s <- numeric(length(z)); prev <- 0
  for (i in seq_along(z)) { prev <- lambda * z[i] + (1 - lambda) * prev; s[i] <- prev }
  lim <- L * sqrt(lambda / (2 - lambda) * (1 - (1 - lambda)^(2 * seq_along(z))))
  data.frame(z = fmt(z), statistic = fmt(s), ucl = fmt(lim))
}
w(cbind(data.frame(n = nw, successes = xw), ewma(z, 0.2, 2.962)), "ewma_weekly.csv")
cusum <- function(z, k) {
  up <- lo <- numeric(length(z)); cu <- cl <- 0
  for (i in seq_along(z)) { cu <- max(0, z[i] - k + cu); cl <- max(0, -z[i] - k + cl); up[i] <- cu; lo[i] <- cl }
  data.frame(z = fmt(z), upper = fmt(up), lower = fmt(lo))
}
w(cbind(data.frame(n = nw, successes = xw), cusum(z, 0.5)), "cusum_weekly.csv")

## 6. Segmented regression of the weekly NPS, change before week 13 (index 12),
##    Newey-West lag 2, no prewhitening, small-sample adjustment.
y <- 100 * (P - Dt) / nw; tt <- 0:(m - 1); at <- 12; Dd <- as.numeric(tt >= at)
fit <- lm(y ~ tt + Dd + I((tt - at) * Dd))
V <- NeweyWest(fit, lag = 2, prewhite = FALSE, adjust = TRUE)
w(data.frame(name = c("intercept", "trend", "level_change", "slope_change"),
             estimate = fmt(coef(fit)), std_err = fmt(sqrt(diag(V)))), "segmented_nps.csv")

## 7. Average run lengths, R package spc (Knoth), integral-equation methods.
arl <- rbind(
  data.frame(chart = "cusum", a = 0.5, b = 4, shift = c(0, 1), arl = fmt(sapply(c(0, 1), function(s) xcusum.arl(0.5, 4, s, sided = "two"))), limits = "fix"),
  data.frame(chart = "cusum", a = 0.5, b = 5, shift = c(0, 0.5, 1), arl = fmt(sapply(c(0, 0.5, 1), function(s) xcusum.arl(0.5, 5, s, sided = "two"))), limits = "fix"),
  data.frame(chart = "cusum-one", a = 0.5, b = 4, shift = c(0, 1), arl = fmt(sapply(c(0, 1), function(s) xcusum.arl(0.5, 4, s, sided = "one"))), limits = "fix"),
  data.frame(chart = "ewma", a = 0.1, b = 2.814, shift = c(0, 0.5, 1), arl = fmt(sapply(c(0, 0.5, 1), function(s) xewma.arl(0.1, 2.814, s, sided = "two"))), limits = "fix"),
  data.frame(chart = "ewma", a = 0.1, b = 2.7, shift = 0, arl = fmt(xewma.arl(0.1, 2.7, 0, sided = "two")), limits = "fix"),
  data.frame(chart = "ewma", a = 0.2, b = 2.962, shift = 0, arl = fmt(xewma.arl(0.2, 2.962, 0, sided = "two")), limits = "fix"),
  data.frame(chart = "ewma", a = 0.05, b = 2.615, shift = 0, arl = fmt(xewma.arl(0.05, 2.615, 0, sided = "two")), limits = "fix"),
  data.frame(chart = "ewma", a = 0.1, b = 2.814, shift = c(0, 1), arl = fmt(sapply(c(0, 1), function(s) xewma.arl(0.1, 2.814, s, sided = "two", limits = "vacl"))), limits = "vacl"),
  data.frame(chart = "ewma", a = 0.2, b = 2.962, shift = 0, arl = fmt(xewma.arl(0.2, 2.962, 0, sided = "two", limits = "vacl")), limits = "vacl")
)
w(arl, "arl_spc.csv")
cat(R.version.string, "spc", as.character(packageVersion("spc")), "sandwich", as.character(packageVersion("sandwich")), "\n")

## 8. The same regression weighted by n (lm weights), Newey-West as above.
fitw <- lm(y ~ tt + Dd + I((tt - at) * Dd), weights = nw)
Vw <- NeweyWest(fitw, lag = 2, prewhite = FALSE, adjust = TRUE)
w(data.frame(name = c("intercept", "trend", "level_change", "slope_change"),
             estimate = fmt(coef(fitw)), std_err = fmt(sqrt(diag(Vw)))), "segmented_nps_weighted.csv")

## 9. Classical (iid) standard errors of both fits.
w(data.frame(name = c("intercept", "trend", "level_change", "slope_change"),
             std_err = fmt(sqrt(diag(vcov(fit)))), std_err_weighted = fmt(sqrt(diag(vcov(fitw))))),
  "segmented_nps_classical.csv")

## 10. Montgomery Table 9.1 (Examples 9.1 and 9.2): 30 single observations,
##     mu0 = 10, sigma = 1; tabular CUSUM k = 0.5, h = 5; EWMA lambda = 0.1, L = 2.7.
x91 <- c(9.45, 7.99, 9.29, 11.66, 12.16, 10.18, 8.04, 11.46, 9.20, 10.34, 9.03, 11.47, 10.51, 9.40, 10.08,
         9.37, 10.62, 10.31, 8.52, 10.84, 10.90, 9.33, 12.29, 11.50, 10.60, 11.08, 10.38, 11.62, 11.31, 10.52)
z91 <- x91 - 10
cs <- cusum(z91, 0.5); ew <- ewma(z91, 0.1, 2.7)
w(data.frame(x = x91, upper = cs$upper, lower = cs$lower, ewma = ew$statistic, ewma_ucl = ew$ucl),
  "montgomery_table9_1.csv")

## 11. Laney's adjustment on the weekly NPS (same sigma_z recipe as for shares).
zn <- (100 * (P - Dt) / nw - c0) / sen
szn <- mean(abs(diff(zn[base]))) / (2 / sqrt(pi))
w(data.frame(n = nw, promoters = P, passives = A, detractors = Dt, value = fmt(100 * (P - Dt) / nw),
             center = fmt(c0), sigma_z = fmt(szn), std_err = fmt(sen * szn),
             lcl = fmt(pmax(-100, c0 - L * sen * szn)), ucl = fmt(pmin(100, c0 + L * sen * szn))), "laney_nps_weekly.csv")

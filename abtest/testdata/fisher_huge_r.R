# SOURCE for the r_* keys of testdata/fisher_huge.json (called by
# fisher_huge.py, which passes one table "a b c d" per line on stdin; the
# table is [[a, b], [c, d]] in R's orientation, X = a). R 4.2.2 (Debian).
# Prints per table: P(X <= a) and P(X >= a) by phyper (by sums of dhyper
# where the support has at most 1e5 points); the two-sided p by
# fisher.test's rule (the sum of P(k) over k with P(k) <= P(a)(1 + 1e-7)),
# the cut found by bisection on dhyper(log = TRUE), the tails as above;
# and fisher.test's p-value, estimate and 95% interval where the support has
# at most 1e5 points and the counts fit R integers (NA otherwise: fisher.test
# builds the whole support, and stops on counts above 2^31 - 1).
rows <- readLines(file("stdin"))
for (line in rows) {
  v <- as.numeric(strsplit(line, " ")[[1]])
  a <- v[1]; b <- v[2]; c <- v[3]; d <- v[4]
  m <- a + c; n <- b + d; k <- a + b
  lo <- max(0, k - n); hi <- min(k, m)
  if (m == 0 || n == 0 || k == 0 || k == m + n) {
    cat("1 1 1 NA NA NA NA\n")
    next
  }
  # Tails by phyper, or by summing dhyper where the support is small:
  # phyper(4, 5, 2e15, 1e15, lower.tail = FALSE) loops for ever (it swaps
  # to a tail whose terms do not fall, 10^15 of them).
  lower <- function(q) if (q < lo) 0 else if (hi - lo <= 1e5) sum(dhyper(lo:q, m, n, k)) else phyper(q, m, n, k)
  upper <- function(q) if (q > hi) 0 else if (hi - lo <= 1e5) sum(dhyper(q:hi, m, n, k)) else phyper(q - 1, m, n, k, lower.tail = FALSE)
  pl <- lower(a)
  pg <- upper(a)
  ld <- function(x) dhyper(x, m, n, k, log = TRUE)
  limit <- ld(a) + log1p(1e-7)
  # the mode: the largest weight next to the continuous one
  m0 <- floor((k + 1) * (m + 1) / (m + n + 2))
  # last x <= m0 with ld(x) <= limit (lo - 1 if none)
  l <- lo - 1; h <- m0 + 1
  while (h - l > 1) { x <- floor((l + h) / 2); if (ld(x) <= limit) l <- x else h <- x }
  k1 <- l
  # first x >= m0 with ld(x) <= limit (hi + 1 if none)
  l <- m0 - 1; h <- hi + 1
  while (h - l > 1) { x <- floor((l + h) / 2); if (ld(x) <= limit) h <- x else l <- x }
  k2 <- h
  p2 <- if (k1 >= k2) 1 else min(1, lower(k1) + upper(k2))
  fp <- NA; fe <- NA; fl <- NA; fh <- NA
  if (hi - lo + 1 <= 1e5 && max(v) <= .Machine$integer.max) {
    r <- fisher.test(matrix(c(a, b, c, d), 2, byrow = TRUE))
    fp <- r$p.value; fe <- r$estimate; fl <- r$conf.int[1]; fh <- r$conf.int[2]
  }
  f <- function(x) if (is.na(x)) "NA" else sprintf("%.17g", x)
  cat(f(pl), f(pg), f(p2), f(fp), f(fe), f(fl), f(fh), "\n")
}

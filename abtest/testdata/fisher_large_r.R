# SOURCE for TestFisherLikeRLarge (abtest/fisher_large_test.go): R 4.2.2
# (Debian, /usr/bin/Rscript), stats::fisher.test on a table with 10^7 per
# cell, the rows in R's orientation (the odds ratio of row 1 over row 2;
# cxkit's FisherExact gets them swapped). Run: Rscript abtest/testdata/fisher_large_r.R
# Output on 2026-12-07 (times on a loaded 2-core machine):
# two.sided 0.113918592610133 1.0010005161630482 0.99978706538904372 1.002226697022838 7.770842 mins
# less 0.94311299265083615 1.0010005161630482 0 1.0020259726456753 2.300603 mins
# greater 0.05695929630506387 1.0010005161630482 0.99993896484374956 Inf 44.40756 secs
E7 <- 1e7
m <- matrix(c(E7+5000, E7-5000, E7, E7), 2, byrow=TRUE)
for (alt in c("two.sided","less","greater")) {
  t0 <- Sys.time()
  r <- fisher.test(m, alternative=alt)
  cat(alt, sprintf("%.17g", r$p.value), sprintf("%.17g", r$estimate), sprintf("%.17g", r$conf.int[1]), sprintf("%.17g", r$conf.int[2]), format(Sys.time()-t0), "\n")
}

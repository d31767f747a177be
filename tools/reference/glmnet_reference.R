# glmnet_reference.R: reference solutions of L1 / elastic-net penalized linear, logistic and
# softmax regression from R's glmnet, for descent's tests.
#
# What it computes: for each case below, glmnet's solution at one penalty on one of descent's
# built-in data sets (descent-ml/src/main/resources/dev/descent/ml/data/), written to
# descent-ml/src/test/resources/glmnet/<case>.properties: the intercept(s) and coefficients on the
# features' own scale (what coef() returns), the number of exact zeros, and the objective in
# descent's terms at glmnet's solution.
#
# Re-run from the repository root:   Rscript tools/reference/glmnet_reference.R
# It is never run by the tests; its outputs are committed. Needs R's glmnet (Debian: r-cran-glmnet).
#
# Descent's objective (dev.descent.ml.train.Penalty, GeneralizedLinearLoss) on standardized
# features, intercept unpenalized:
#     objective = mean loss + X ||w||_1 + (Y/2) ||w||^2
# glmnet's objective:
#     loss_glmnet + lambda * (alpha ||w||_1 + (1 - alpha)/2 ||w||^2)
# Mapping used:
#   logistic / softmax: descent's mean loss is the mean negative log-likelihood
#     ((1/n) sum softplus(z) - y z; mean softmax cross-entropy), which is glmnet's binomial and
#     multinomial loss, so lambda * alpha = X and lambda * (1 - alpha) = Y.
#   linear: descent's mean loss is (1/n) sum (z - y)^2 WITHOUT a 1/2 (GeneralizedLinearLoss's
#     SQUARED_ERROR), glmnet's gaussian loss is (1/2n) RSS; halving descent's objective gives
#     glmnet's, so lambda * alpha = X / 2 and lambda * (1 - alpha) = Y / 2.
#   Standardization: glmnet standardizes each feature with its (weighted) mean and population
#     standard deviation (divisor sum of weights, not n - 1), as descent does, and penalizes the
#     coefficients of the standardized features; on the original scale coef = w_std / sd.
#   Weights: glmnet rescales observation weights to sum to n, so its weighted mean loss is
#     sum_i w_i loss_i / sum_i w_i, descent's weighted mean loss.
# Each solution's optimality (KKT) in descent's terms is checked here and printed.

suppressPackageStartupMessages(library(glmnet))
options(warn = 2)  # glmnet reports a lambda it did not converge at as a warning: stop instead

# Convergence threshold: glmnet stops when the largest change of the objective from one
# coefficient's update is below thresh times the null deviance, a bound on the SQUARED change of a
# coefficient, so thresh = 1e-14 leaves coefficients accurate to only about 1e-7 (mean-loss gradients
# off by about 1e-8, measured). 1e-20 brings the KKT violation to about 1e-11 for the binomial and
# gaussian fits; the multinomial fit does not converge below 1e-16 (glmnet error -3 / -4), so it
# uses 1e-16. Each file records its thresh and its measured KKT violation.
THRESH <- 1e-20
THRESH_MULTINOMIAL <- 1e-16

data_dir <- "descent-ml/src/main/resources/dev/descent/ml/data"
out_dir <- "descent-ml/src/test/resources/glmnet"
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)
version <- as.character(packageVersion("glmnet"))

# Tight inner Newton iterations; no early stop of the path on a small change of deviance.
glmnet.control(fdev = 0, devmax = 1, epsnr = 1e-14, mxitnr = 1000)

fmt <- function(v) paste(sprintf("%.17g", as.numeric(v) + 0), collapse = ",")

# Weighted mean and population standard deviation: glmnet's standardization.
standardize <- function(x, w) {
  w <- w / sum(w)
  mu <- colSums(x * w)
  xc <- sweep(x, 2, mu)
  s <- sqrt(colSums(xc^2 * w))
  list(mu = mu, sd = s, z = sweep(xc, 2, s, "/"))
}

# A decreasing path from glmnet's own lambda_max down to, and ending exactly at, the wanted lambda.
path_to <- function(fit_args, lambda) {
  first <- do.call(glmnet, c(fit_args, list(nlambda = 5)))
  top <- max(first$lambda[1], lambda)
  if (top > lambda) exp(seq(log(top), log(lambda), length.out = 100)) else lambda
}

fit_at <- function(fit_args, lambda) {
  lambdas <- path_to(fit_args, lambda)
  lambdas[length(lambdas)] <- lambda
  fit <- do.call(glmnet, c(fit_args, list(lambda = lambdas)))
  last <- length(fit$lambda)
  stopifnot(fit$lambda[last] == lambda, length(fit$lambda) == length(lambdas))
  fit
}

write_case <- function(name, description, X, Y, lambda, alpha, thresh, lines, zeros, objective, kkt) {
  header <- c(
    sprintf("# glmnet reference: %s", description),
    sprintf("# Written by tools/reference/glmnet_reference.R with R glmnet %s (never run by the tests).", version),
    "# Descent's objective = mean loss + X ||w||_1 + (Y/2) ||w||^2 on standardized features (population sd),",
    "# intercept unpenalized; coefficients and intercepts are on the features' own scale, in the CSV's order.")
  body <- c(
    sprintf("x=%s", fmt(X)), sprintf("y=%s", fmt(Y)),
    sprintf("glmnet.lambda=%s", fmt(lambda)), sprintf("glmnet.alpha=%s", fmt(alpha)),
    sprintf("glmnet.thresh=%g", thresh),
    sprintf("kkt.violation=%s", sprintf("%.1e", kkt)),
    lines,
    sprintf("zeros=%d", zeros),
    sprintf("objective=%s", fmt(objective)))
  writeLines(c(header, body), file.path(out_dir, paste0(name, ".properties")))
  cat(sprintf("%-22s X=%-6g Y=%-6g lambda=%-8g alpha=%-8g zeros=%-3d objective=%.17g  max KKT violation=%.2e\n",
              name, X, Y, lambda, alpha, zeros, objective, kkt))
}

# KKT violation in descent's terms (largest, over the standardized weights, of |g + X sign(b) + Y b| for
# a nonzero weight and of max(|g| - X, 0) for a zero one, on standardized coefficients b with the gradient g of the mean loss.
# and of |g0|, the intercepts' unpenalized gradient)
kkt_violation <- function(g, b, X, Y, g0) {
  r <- ifelse(b != 0, abs(g + X * sign(b) + Y * b), pmax(abs(g) - X, 0))
  max(r, abs(g0))
}

read_data <- function(file) read.csv(file.path(data_dir, file), stringsAsFactors = FALSE, check.names = FALSE)

# ---- binary logistic on breast_cancer ----
binary_case <- function(name, description, X, Y, weighted) {
  d <- read_data("breast_cancer.csv")
  p <- ncol(d) - 1
  x <- as.matrix(d[, 1:p])
  classes <- sort(unique(d[[p + 1]]), method = "radix")
  y01 <- as.numeric(d[[p + 1]] == classes[2])
  n <- nrow(x)
  w <- if (weighted) ((seq_len(n) - 1) %% 3) + 1 else rep(1, n)
  lambda <- X + Y
  alpha <- X / (X + Y)
  args <- list(x = x, y = factor(y01, levels = c(0, 1)), family = "binomial", weights = w, alpha = alpha,
               standardize = TRUE, intercept = TRUE, thresh = THRESH, maxit = 1e7)
  fit <- fit_at(args, lambda)
  cf <- as.numeric(coef(fit, s = lambda, exact = FALSE))
  last <- length(fit$lambda)
  stopifnot(all(cf == c(fit$a0[last], as.numeric(fit$beta[, last]))))
  b0 <- cf[1]; b <- cf[-1]
  s <- standardize(x, w)
  bs <- b * s$sd
  z <- b0 + x %*% b
  wn <- w / sum(w)
  loss <- sum(wn * (log1p(exp(-abs(z))) + pmax(z, 0) - y01 * z))
  objective <- loss + X * sum(abs(bs)) + Y / 2 * sum(bs^2)
  g <- as.numeric(t(s$z) %*% (wn * (plogis(z) - y01)))
  lines <- c(sprintf("positive.class=%s", classes[2]),
             if (weighted) "weights=(1-based row index mod 3) + 1" else NULL,
             sprintf("intercept=%s", fmt(b0)), sprintf("coef=%s", fmt(b)))
  write_case(name, description, X, Y, lambda, alpha, THRESH, lines, sum(b == 0), objective, kkt_violation(g, bs, X, Y, sum(wn * (plogis(z) - y01))))
}

binary_case("breast_cancer_lasso", "breast_cancer logistic, lasso", 0.01, 0, FALSE)
binary_case("breast_cancer_elastic_net", "breast_cancer logistic, elastic net", 0.005, 0.01, FALSE)
binary_case("breast_cancer_weighted_lasso",
            "breast_cancer logistic, lasso, observation weights (1-based row index mod 3) + 1", 0.01, 0, TRUE)

# ---- multinomial on iris ----
local({
  X <- 0.02; Y <- 0
  d <- read_data("iris.csv")
  p <- ncol(d) - 1
  x <- as.matrix(d[, 1:p])
  classes <- sort(unique(d[[p + 1]]), method = "radix")
  y <- factor(d[[p + 1]], levels = classes)
  lambda <- X + Y; alpha <- X / (X + Y)
  args <- list(x = x, y = y, family = "multinomial", type.multinomial = "ungrouped", alpha = alpha,
               standardize = TRUE, intercept = TRUE, thresh = THRESH_MULTINOMIAL, maxit = 1e7)
  fit <- fit_at(args, lambda)
  cfs <- coef(fit, s = lambda, exact = FALSE)
  B <- sapply(classes, function(k) as.numeric(cfs[[k]]))  # (1 + p) x K
  b0 <- B[1, ]; b <- B[-1, , drop = FALSE]
  s <- standardize(x, rep(1, nrow(x)))
  bs <- b * s$sd
  Z <- sweep(x %*% b, 2, b0, "+")
  m <- apply(Z, 1, max)
  lse <- m + log(rowSums(exp(Z - m)))
  Yk <- sapply(classes, function(k) as.numeric(y == k))
  loss <- mean(lse - rowSums(Yk * Z))
  objective <- loss + X * sum(abs(bs)) + Y / 2 * sum(bs^2)
  P <- exp(Z - lse)
  G <- t(s$z) %*% (P - Yk) / nrow(x)
  lines <- c(sprintf("classes=%s", paste(classes, collapse = ",")),
             unlist(lapply(seq_along(classes), function(k)
               c(sprintf("intercept.%s=%s", classes[k], fmt(b0[k])), sprintf("coef.%s=%s", classes[k], fmt(b[, k]))))))
  write_case("iris_multinomial_lasso", "iris softmax (glmnet multinomial, ungrouped), lasso", X, Y, lambda, alpha,
             THRESH_MULTINOMIAL, lines, sum(b == 0), objective, kkt_violation(as.numeric(G), as.numeric(bs), X, Y, colMeans(P - Yk)))
})

# ---- gaussian on diabetes ----
local({
  # X = 5 (glmnet lambda 2.5) sits inside a stretch of the path where age, s2 and s4 are exactly zero
  # (X = 0.5 leaves only age at zero), so the zeros are not at a kink.
  X <- 5; Y <- 0
  d <- read_data("diabetes.csv")
  p <- ncol(d) - 1
  x <- as.matrix(d[, 1:p])
  y <- d[[p + 1]]
  lambda <- (X + Y) / 2; alpha <- X / (X + Y)
  args <- list(x = x, y = y, family = "gaussian", alpha = alpha,
               standardize = TRUE, intercept = TRUE, thresh = THRESH, maxit = 1e7)
  fit <- fit_at(args, lambda)
  cf <- as.numeric(coef(fit, s = lambda, exact = FALSE))
  b0 <- cf[1]; b <- cf[-1]
  s <- standardize(x, rep(1, nrow(x)))
  bs <- b * s$sd
  r <- as.numeric(b0 + x %*% b - y)
  objective <- mean(r^2) + X * sum(abs(bs)) + Y / 2 * sum(bs^2)
  g <- as.numeric(2 * t(s$z) %*% r / nrow(x))
  zero_names <- colnames(x)[b == 0]
  lines <- c(sprintf("intercept=%s", fmt(b0)), sprintf("coef=%s", fmt(b)),
             sprintf("zero.features=%s", paste(zero_names, collapse = ",")))
  write_case("diabetes_lasso", "diabetes linear regression (glmnet gaussian), lasso; descent's loss is (1/n) RSS",
             X, Y, lambda, alpha, THRESH, lines, sum(b == 0), objective, kkt_violation(g, bs, X, Y, 2 * mean(r)))
  cat("  diabetes zero features:", zero_names, "\n")
})

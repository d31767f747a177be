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
             if (weighted) "weights=(0-based row index mod 3) + 1" else NULL,
             sprintf("intercept=%s", fmt(b0)), sprintf("coef=%s", fmt(b)))
  write_case(name, description, X, Y, lambda, alpha, THRESH, lines, sum(b == 0), objective, kkt_violation(g, bs, X, Y, sum(wn * (plogis(z) - y01))))
}

binary_case("breast_cancer_lasso", "breast_cancer logistic, lasso", 0.01, 0, FALSE)
binary_case("breast_cancer_elastic_net", "breast_cancer logistic, elastic net", 0.005, 0.01, FALSE)
binary_case("breast_cancer_weighted_lasso",
            "breast_cancer logistic, lasso, observation weights (0-based row index mod 3) + 1", 0.01, 0, TRUE)

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

# ---- further cases (added after the five above, which they leave as they were) ----

# KKT violation with bounds l <= b <= u (any of them infinite) on the penalized weights b: with the right and left
# derivatives of the objective along b_j, d+ = g + Y b + X (b >= 0 ? 1 : -1) and d- = g + Y b + X (b > 0 ? 1 : -1),
# a minimum needs d+ >= 0 unless b = u and d- <= 0 unless b = l; the violation is the largest failure, and |g0| of
# the unpenalized intercept (pass g0 = 0 without one). Without bounds this is kkt_violation above.
kkt_violation_bounded <- function(g, b, X, Y, g0, l = rep(-Inf, length(b)), u = rep(Inf, length(b))) {
  dplus <- g + Y * b + X * ifelse(b >= 0, 1, -1)
  dminus <- g + Y * b + X * ifelse(b > 0, 1, -1)
  r <- pmax(ifelse(b < u, pmax(-dplus, 0), 0), ifelse(b > l, pmax(dminus, 0), 0))
  max(r, abs(g0))
}

logistic_parts <- function(x, y01, b0, b, w = rep(1, nrow(x))) {
  z <- as.numeric(b0 + x %*% b)
  wn <- w / sum(w)
  list(loss = sum(wn * (log1p(exp(-abs(z))) + pmax(z, 0) - y01 * z)), r = wn * (plogis(z) - y01))
}

read_cancer <- function() {
  d <- read_data("breast_cancer.csv")
  p <- ncol(d) - 1
  classes <- sort(unique(d[[p + 1]]), method = "radix")
  list(x = as.matrix(d[, 1:p]), y01 = as.numeric(d[[p + 1]] == classes[2]), positive = classes[2])
}

# breast_cancer logistic lasso with standardize = FALSE (descent's --no-standardize): the penalty is on the
# coefficients of the features as given, objective = mean loss + X ||coef||_1 + (Y/2) ||coef||^2 on the
# original-scale coefficients, and the KKT check is on those.
local({
  # X = 0.01 on the raw scale keeps 7 of 30 coefficients (area and perimeter, large numbers, survive; most small-valued
  # features are zero); the point sits inside a stretch of the path with that support.
  X <- 0.01; Y <- 0
  cb <- read_cancer(); x <- cb$x; y01 <- cb$y01
  lambda <- X + Y; alpha <- X / (X + Y)
  args <- list(x = x, y = factor(y01, levels = c(0, 1)), family = "binomial", alpha = alpha,
               standardize = FALSE, intercept = TRUE, thresh = THRESH, maxit = 1e7)
  fit <- fit_at(args, lambda)
  cf <- as.numeric(coef(fit, s = lambda, exact = FALSE))
  b0 <- cf[1]; b <- cf[-1]
  lp <- logistic_parts(x, y01, b0, b)
  objective <- lp$loss + X * sum(abs(b)) + Y / 2 * sum(b^2)
  g <- as.numeric(t(x) %*% lp$r)
  lines <- c("standardize=false", sprintf("positive.class=%s", cb$positive),
             sprintf("features=%s", paste(colnames(x), collapse = ",")),
             sprintf("intercept=%s", fmt(b0)), sprintf("coef=%s", fmt(b)),
             sprintf("zero.features=%s", paste(colnames(x)[b == 0], collapse = ",")))
  write_case("breast_cancer_lasso_no_standardize",
             "breast_cancer logistic, lasso, standardize=FALSE (descent --no-standardize): objective = mean loss + X ||coef||_1 + (Y/2) ||coef||^2 on the ORIGINAL-scale coefficients (no standardization)",
             X, Y, lambda, alpha, THRESH, lines, sum(b == 0), objective, kkt_violation(g, b, X, Y, sum(lp$r)))
})

# breast_cancer logistic lasso without an intercept (descent's --no-intercept): descent scales each feature by its
# population sd WITHOUT centering (as Spark MLlib and StandardScaler(with_mean=False) do), so glmnet fits x / sd with
# intercept = FALSE, standardize = FALSE, and coef = beta / sd. Objective = mean loss + X ||w||_1 + (Y/2) ||w||^2 on the
# sd-scaled weights w = coef * sd, z = x . coef (no intercept).
local({
  X <- 0.01; Y <- 0
  cb <- read_cancer(); x <- cb$x; y01 <- cb$y01
  s <- standardize(x, rep(1, nrow(x)))
  xs <- sweep(x, 2, s$sd, "/")
  lambda <- X + Y; alpha <- X / (X + Y)
  args <- list(x = xs, y = factor(y01, levels = c(0, 1)), family = "binomial", alpha = alpha,
               standardize = FALSE, intercept = FALSE, thresh = THRESH, maxit = 1e7)
  fit <- fit_at(args, lambda)
  cf <- as.numeric(coef(fit, s = lambda, exact = FALSE))
  stopifnot(cf[1] == 0)
  bs <- cf[-1]; b <- bs / s$sd
  lp <- logistic_parts(x, y01, 0, b)
  objective <- lp$loss + X * sum(abs(bs)) + Y / 2 * sum(bs^2)
  g <- as.numeric(t(xs) %*% lp$r)
  lines <- c("intercept.fitted=false", "scaling=x / sd, sd the population standard deviation (divisor n), not centered",
             sprintf("positive.class=%s", cb$positive),
             sprintf("features=%s", paste(colnames(x), collapse = ",")),
             sprintf("scale=%s", fmt(s$sd)),
             "intercept=0", sprintf("coef=%s", fmt(b)),
             sprintf("zero.features=%s", paste(colnames(x)[b == 0], collapse = ",")))
  write_case("breast_cancer_lasso_no_intercept",
             "breast_cancer logistic, lasso, no intercept (descent --no-intercept): features divided by their population sd, not centered; objective on w = coef * sd",
             X, Y, lambda, alpha, THRESH, lines, sum(b == 0), objective, kkt_violation(g, bs, X, Y, 0))
})

# breast_cancer logistic with bounds on the ORIGINAL-scale coefficients (glmnet lower.limits / upper.limits). glmnet
# requires lower limits <= 0 and upper limits >= 0. With standardize = TRUE glmnet applies the limits to the
# original-scale coefficients (it multiplies them by each feature's sd internally); checked below: the solution
# respects them on the original scale and sits exactly at the active ones.
BOUNDS <- list(mean_radius = c(0, Inf), worst_texture = c(-Inf, 0.05), worst_concave_points = c(-Inf, 5),
               fractal_dimension_error = c(-10, Inf))
# Java's Double.parseDouble reads "Infinity", not R's "Inf".
fmt_java <- function(v) gsub("Inf", "Infinity", fmt(v), fixed = TRUE)
bounded_case <- function(name, description, X, Y) {
  cb <- read_cancer(); x <- cb$x; y01 <- cb$y01
  p <- ncol(x)
  lo <- rep(-Inf, p); hi <- rep(Inf, p)
  for (f in names(BOUNDS)) { j <- match(f, colnames(x)); lo[j] <- BOUNDS[[f]][1]; hi[j] <- BOUNDS[[f]][2] }
  lambda <- X + Y; alpha <- X / (X + Y)
  args <- list(x = x, y = factor(y01, levels = c(0, 1)), family = "binomial", alpha = alpha,
               standardize = TRUE, intercept = TRUE, thresh = THRESH, maxit = 1e7,
               lower.limits = lo, upper.limits = hi)
  fit <- fit_at(args, lambda)
  cf <- as.numeric(coef(fit, s = lambda, exact = FALSE))
  b0 <- cf[1]; b <- cf[-1]
  stopifnot(all(b >= lo), all(b <= hi))  # the limits hold on the original scale
  s <- standardize(x, rep(1, nrow(x)))
  bs <- b * s$sd
  lp <- logistic_parts(x, y01, b0, b)
  objective <- lp$loss + X * sum(abs(bs)) + Y / 2 * sum(bs^2)
  g <- as.numeric(t(s$z) %*% lp$r)
  active <- colnames(x)[(b == lo) | (b == hi)]
  active_text <- sapply(which((b == lo) | (b == hi)), function(j) sprintf("%s=%s", colnames(x)[j], if (b[j] == lo[j]) "lower" else "upper"))
  # The same fit without the bounds, to show the active ones bite.
  free <- fit_at(args[setdiff(names(args), c("lower.limits", "upper.limits"))], lambda)
  fcf <- as.numeric(coef(free, s = lambda, exact = FALSE))[-1]
  lines <- c(sprintf("positive.class=%s", cb$positive),
             sprintf("features=%s", paste(colnames(x), collapse = ",")),
             sprintf("bounds.scale=original (on coef, not on the standardized weight coef * sd)"),
             sprintf("bounds=%s", paste(sprintf("%s:[%s;%s]", names(BOUNDS), sapply(BOUNDS, function(v) fmt_java(v[1])),
                                                 sapply(BOUNDS, function(v) fmt_java(v[2]))), collapse = ",")),
             sprintf("lower=%s", fmt_java(lo)), sprintf("upper=%s", fmt_java(hi)),
             sprintf("active.bounds=%s", paste(active_text, collapse = ",")),
             sprintf("intercept=%s", fmt(b0)), sprintf("coef=%s", fmt(b)),
             sprintf("unbounded.coef=%s", fmt(fcf)),
             sprintf("zero.features=%s", paste(colnames(x)[b == 0], collapse = ",")))
  kkt <- kkt_violation_bounded(g, bs, X, Y, sum(lp$r), lo * s$sd, hi * s$sd)
  write_case(name, description, X, Y, lambda, alpha, THRESH, lines, sum(b == 0), objective, kkt)
  cat("  active bounds:", active_text, "\n  bounded features unbounded coef:", fmt(fcf[match(names(BOUNDS), colnames(x))]), "\n")
}
bounded_case("breast_cancer_ridge_bounded",
             "breast_cancer logistic, L2 only, bounds on original-scale coefficients (glmnet lower.limits/upper.limits)", 0, 0.01)
bounded_case("breast_cancer_elastic_net_bounded",
             "breast_cancer logistic, elastic net, bounds on original-scale coefficients (glmnet lower.limits/upper.limits)", 0.005, 0.01)

# diabetes gaussian elastic net with row weights (0-based row index mod 3) + 1, standardize = TRUE (weighted mean and
# weighted population sd). Descent: objective = sum_i s_i (z_i - y_i)^2 / sum_i s_i + X ||w||_1 + (Y/2) ||w||^2;
# glmnet's gaussian loss with weights is (1/2) sum_i s_i r_i^2 / sum_i s_i, so lambda alpha = X/2. But glmnet's gaussian
# fit standardizes y to unit (weighted population) sd ys and applies the ridge part to the coefficients of that scaled
# y, so the ridge penalty it solves with is lambda (1 - alpha) / ys on the original y's coefficients (a known glmnet
# quirk, invisible with alpha = 1): lambda (1 - alpha) = ys * Y / 2 gives descent's Y. The KKT check below is in
# descent's terms and confirms the mapping.
local({
  X <- 4; Y <- 2
  d <- read_data("diabetes.csv")
  p <- ncol(d) - 1
  x <- as.matrix(d[, 1:p]); y <- d[[p + 1]]
  n <- nrow(x)
  w <- ((seq_len(n) - 1) %% 3) + 1
  ys <- sqrt(sum(w / sum(w) * (y - sum(w / sum(w) * y))^2))
  lambda <- X / 2 + ys * Y / 2; alpha <- (X / 2) / lambda
  args <- list(x = x, y = y, family = "gaussian", weights = w, alpha = alpha,
               standardize = TRUE, intercept = TRUE, thresh = THRESH, maxit = 1e7)
  fit <- fit_at(args, lambda)
  cf <- as.numeric(coef(fit, s = lambda, exact = FALSE))
  b0 <- cf[1]; b <- cf[-1]
  s <- standardize(x, w)
  bs <- b * s$sd
  wn <- w / sum(w)
  r <- as.numeric(b0 + x %*% b - y)
  objective <- sum(wn * r^2) + X * sum(abs(bs)) + Y / 2 * sum(bs^2)
  g <- as.numeric(2 * t(s$z) %*% (wn * r))
  lines <- c("weights=(0-based row index mod 3) + 1",
             sprintf("glmnet.y.sd=%s", fmt(ys)),
             sprintf("features=%s", paste(colnames(x), collapse = ",")),
             sprintf("mean=%s", fmt(s$mu)), sprintf("scale=%s", fmt(s$sd)),
             sprintf("intercept=%s", fmt(b0)), sprintf("coef=%s", fmt(b)),
             sprintf("zero.features=%s", paste(colnames(x)[b == 0], collapse = ",")))
  write_case("diabetes_weighted_elastic_net",
             "diabetes linear regression (glmnet gaussian), elastic net, observation weights (0-based row index mod 3) + 1; descent's loss is the weighted mean of (z - y)^2",
             X, Y, lambda, alpha, THRESH, lines, sum(b == 0), objective, kkt_violation(g, bs, X, Y, 2 * sum(wn * r)))
  cat("  zero features:", colnames(x)[b == 0], "\n")
})

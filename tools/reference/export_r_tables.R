# Re-run from the repository root with:  Rscript tools/reference/export_r_tables.R   (needs palmerpenguins and carData)
#
# Exports two real tables with text columns and missing cells for descent-ml's tests, and splits each into a
# train and a test file with a seeded random split (set.seed(1), about 75% train, rows kept in the table's order).
# The split is stratified by each row's pattern of missing cells: every pattern sends a quarter of its rows, rounded
# up, to the test file, so each kind of gap (a row with every measurement missing, a missing sex, a missing age)
# is both learned from and scored; a plain sample of 75% with seed 1 leaves both all-missing penguins in train.
# Written to descent-ml/src/test/resources/tables/ as plain CSV (header, no comment lines, missing cells "NA"):
#   penguins.csv, penguins-train.csv, penguins-test.csv   palmerpenguins::penguins, all 8 columns in R's order
#   titanic.csv,  titanic-train.csv,  titanic-test.csv    carData::TitanicSurvival, its row names (passenger names,
#                                                         unique per row) as a first text column `name`
# tools/reference/sklearn_tables_reference.py computes the expected predictions and metrics from the split files.
# Never run by the tests; the generated files are committed.
library(palmerpenguins)
library(carData)

out <- file.path("descent-ml", "src", "test", "resources", "tables")
dir.create(out, recursive = TRUE, showWarnings = FALSE)

write_table <- function(table, name) {
  write.csv(table, file.path(out, paste0(name, ".csv")), row.names = FALSE, na = "NA")
}

# Writes the table and its split: within each missing-cell pattern (strata in order of first appearance) a seeded
# sample of ceiling(25%) of the rows is the test file, the rest the train file; both keep the table's row order.
export <- function(table, name) {
  write_table(table, name)
  set.seed(1)
  pattern <- apply(is.na(table), 1, function(gaps) paste(as.integer(gaps), collapse = ""))
  test <- integer(0)
  for (p in unique(pattern)) {
    rows <- which(pattern == p)
    test <- c(test, rows[sample.int(length(rows), ceiling(0.25 * length(rows)))])
  }
  train <- setdiff(seq_len(nrow(table)), test)
  write_table(table[train, , drop = FALSE], paste0(name, "-train"))
  write_table(table[-train, , drop = FALSE], paste0(name, "-test"))
  table[-train, , drop = FALSE]
}

penguins <- as.data.frame(palmerpenguins::penguins)
test <- export(penguins, "penguins")
# The tests score rows with missing cells: the penguins test file must hold a row with a missing numeric cell
# and one with a missing sex.
stopifnot(any(is.na(test$bill_length_mm)), any(is.na(test$sex)))

titanic <- data.frame(name = rownames(carData::TitanicSurvival), carData::TitanicSurvival, row.names = NULL)
stopifnot(!anyDuplicated(titanic$name))
invisible(export(titanic, "titanic"))

# Whole tables for the linear-family references (tools/reference/sklearn_linear_family_reference.py), no split,
# written after the tables above so those stay as they were:
#   duncan.csv      carData::Duncan (45 occupations' prestige, income, education, type), its row names
#                   (occupations, unique) as a first text column `occupation`, then R's columns in R's order
#   ornstein.csv    carData::Ornstein (248 Canadian firms' interlocks with assets, sector, nation), R's columns
#   warpbreaks.csv  R's datasets::warpbreaks (54 looms' breaks, wool, tension), R's columns
duncan <- data.frame(occupation = rownames(carData::Duncan), carData::Duncan, row.names = NULL)
stopifnot(!anyDuplicated(duncan$occupation))
write_table(duncan, "duncan")
write_table(as.data.frame(carData::Ornstein), "ornstein")
write_table(datasets::warpbreaks, "warpbreaks")

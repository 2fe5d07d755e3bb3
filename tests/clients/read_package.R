# Reads every CSV table of a data package with readr, taking each column's type from the Table Schema in
# datapackage.json (string, integer, number, boolean, date), as an R user would.
#
#   Rscript tests/clients/read_package.R PACKAGE_DIR [OUT_DIR]
#
# Prints one line per table: resource name, rows, and name=class for every column. With OUT_DIR, writes each
# table back out as CSV (ISO dates, empty nulls) so that the test can compare what R read with the Parquet files.
# Stops with a one-line error naming the file on any parsing problem.

suppressPackageStartupMessages({
  library(jsonlite)
  library(readr)
})

args <- commandArgs(trailingOnly = TRUE)
pkg_dir <- if (length(args) >= 1) args[[1]] else "."
out_dir <- if (length(args) >= 2) args[[2]] else NA

collector <- function(type, where) {
  switch(type,
    string = col_character(),
    integer = col_integer(),
    number = col_double(),
    boolean = col_logical(),
    date = col_date(format = "%Y-%m-%d"),
    stop(sprintf("%s: unknown Table Schema type '%s'", where, type), call. = FALSE)
  )
}

desc <- fromJSON(file.path(pkg_dir, "datapackage.json"), simplifyVector = FALSE)
for (res in desc$resources) {
  if (!identical(res$format, "csv")) next
  fields <- res$schema$fields
  names <- vapply(fields, function(f) f$name, "")
  types <- vapply(fields, function(f) f$type, "")
  spec <- do.call(cols, setNames(Map(collector, types, paste0(res$path, ": ", names)), names))
  df <- read_csv(file.path(pkg_dir, res$path), col_types = spec, na = "", trim_ws = FALSE,
                 locale = locale(encoding = "UTF-8"), progress = FALSE, show_col_types = FALSE)
  probs <- problems(df)
  if (nrow(probs) > 0) {
    stop(sprintf("%s: %d parsing problem(s), first at row %d, column %d: expected %s, got '%s'",
                 res$path, nrow(probs), probs$row[1], probs$col[1], probs$expected[1], probs$actual[1]),
         call. = FALSE)
  }
  if (!identical(colnames(df), names)) {
    stop(sprintf("%s: columns %s differ from the Table Schema", res$path, paste(colnames(df), collapse = ",")),
         call. = FALSE)
  }
  classes <- vapply(df, function(x) class(x)[1], "")
  cat(res$name, nrow(df), paste0(names, "=", classes, collapse = ","), sep = "\t")
  cat("\n")
  if (!is.na(out_dir)) {
    write_csv(df, file.path(out_dir, paste0(res$name, ".csv")), na = "")
  }
}

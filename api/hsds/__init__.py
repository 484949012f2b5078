"""The landscape as Open Referral HSDS 3.0 (read-only), with the vendored schemas it is tested
against."""

//! Support for the tests, benchmarks and fuzz targets: synthetic ISMS
//! repositories of any size with signed histories (`synth`), and the entry
//! points the fuzz targets drive (`fuzzing`). Not used by the `isms` binary.

pub mod fuzzing;
pub mod synth;

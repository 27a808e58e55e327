//! Fuzz target: see `folio::fuzzing::readers`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| folio::fuzzing::readers(data));

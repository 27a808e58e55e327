//! Fuzz target: see `folio::fuzzing::epub`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| folio::fuzzing::epub(data));

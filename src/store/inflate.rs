//! Compressed files read as their text: gzip, zstd and bzip2, every member or frame of a file in turn, as `zcat` reads them.

use super::kind::{Compression, FileKind};
use ruzstd::decoding::{FrameDecoder, StreamingDecoder};
use std::io::{self, BufRead, BufReader, Read};

/// A file's bytes as its text: through the decoder of its compression, if it has one.
pub fn inflated<R: Read + 'static>(file: R, kind: FileKind) -> io::Result<Box<dyn Read>> {
    Ok(match kind.compression {
        None => Box::new(file),
        Some(Compression::Gzip) => Box::new(flate2::read::MultiGzDecoder::new(file)),
        Some(Compression::Bzip2) => Box::new(bzip2::read::MultiBzDecoder::new(file)),
        Some(Compression::Zstd) => Box::new(Zstd { frame: None, source: Some(BufReader::new(file)) }),
    })
}

/// zstd's frames one after another: `zstd` writes one, `pzstd` and `cat a.zst b.zst` several,
/// and ruzstd's decoder reads one.
struct Zstd<R: BufRead> {
    frame: Option<StreamingDecoder<R, FrameDecoder>>,
    /// Between frames: what the next one is read from.
    source: Option<R>,
}

impl<R: BufRead> Read for Zstd<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if let Some(frame) = &mut self.frame {
                let read = frame.read(buf)?;
                if read > 0 || buf.is_empty() {
                    return Ok(read);
                }
                self.source = self.frame.take().map(StreamingDecoder::into_inner);
            }
            let Some(mut source) = self.source.take() else { return Ok(0) };
            if source.fill_buf()?.is_empty() {
                return Ok(0);
            }
            self.frame = Some(StreamingDecoder::new(source).map_err(|e| io::Error::other(format!("not zstd: {e}")))?);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(compression: Compression) -> FileKind {
        FileKind { kind: super::super::kind::Kind::Text, compression: Some(compression), sniff: false, extension: 0 }
    }

    fn read(bytes: Vec<u8>, compression: Compression) -> io::Result<String> {
        let mut text = String::new();
        inflated(io::Cursor::new(bytes), kind(compression))?.read_to_string(&mut text)?;
        Ok(text)
    }

    #[test]
    fn each_compression_reads_every_member_or_frame_of_a_file() {
        use std::io::Write;
        let gzip = |text: &str| {
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(text.as_bytes()).unwrap();
            encoder.finish().unwrap()
        };
        let bzip2 = |text: &str| {
            let mut encoder = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
            encoder.write_all(text.as_bytes()).unwrap();
            encoder.finish().unwrap()
        };
        let zstd = |text: &str| {
            ruzstd::encoding::compress_to_vec(text.as_bytes(), ruzstd::encoding::CompressionLevel::Fastest)
        };
        for (compression, pack) in [
            (Compression::Gzip, &gzip as &dyn Fn(&str) -> Vec<u8>),
            (Compression::Bzip2, &bzip2),
            (Compression::Zstd, &zstd),
        ] {
            let mut two = pack("Title\n\nFirst part. ");
            two.extend(pack("Second part.\n"));
            assert_eq!(read(two, compression).unwrap(), "Title\n\nFirst part. Second part.\n", "{compression:?}");
            assert_eq!(read(Vec::new(), compression).unwrap_or_default(), "", "{compression:?}: an empty file");
            assert!(read(b"plain words, not compressed".to_vec(), compression).is_err(), "{compression:?}");
        }
    }
}

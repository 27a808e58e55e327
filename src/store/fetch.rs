//! The fetcher: reads whole articles on its own thread, so a slow disk never stalls the screen.

use super::{Article, ReadError, SharedCatalog, read_article};
use crate::worker::{Flow, Worker};
use std::io;

/// Asks for article `index` of catalog `epoch` to be read in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchRequest {
    pub epoch: u64,
    pub index: u32,
}

/// An article read in full, or why it could not be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub epoch: u64,
    pub index: u32,
    pub result: Result<Article, ReadError>,
}

impl FetchRequest {
    /// Reads the article now, on the calling thread.
    pub fn fetch(self, catalog: &SharedCatalog) -> Fetched {
        Fetched { epoch: self.epoch, index: self.index, result: read_article(catalog, self.index as usize) }
    }
}

/// The article-reading thread. Requests that pile up are skipped to the newest: only the
/// selected article matters.
#[derive(Debug)]
pub struct Fetcher(Worker<FetchRequest>);

impl Fetcher {
    pub fn spawn(catalog: SharedCatalog, send: impl Fn(Fetched) -> Flow + Send + 'static) -> io::Result<Fetcher> {
        Worker::spawn("folio-fetcher", move |request: FetchRequest| send(request.fetch(&catalog))).map(Fetcher)
    }

    pub fn request(&self, request: FetchRequest) {
        self.0.request(request);
    }
}

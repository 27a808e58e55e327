//! The fetcher: reads whole articles on its own thread, so a slow disk never stalls the screen.

use super::{Article, ArticleRef, Located, ReadError, SharedCatalog};
use crate::worker::{Flow, Worker};
use std::io;

/// Asks for an article to be read in full: named by id and version, with where it stood in
/// the catalog of epoch `epoch` when asked (a catalog replaced since is searched by id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchRequest {
    pub article: ArticleRef,
    pub epoch: u64,
    pub index: u32,
}

/// An article read in full, or why it could not be: the answer to the request for `article`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub article: ArticleRef,
    pub result: Result<Article, ReadError>,
}

impl FetchRequest {
    /// Reads the article now, on the calling thread: the one asked for, wherever the current
    /// catalog holds it, never whichever article took its place.
    pub fn fetch(self, catalog: &SharedCatalog) -> Fetched {
        // Found and copied out under one lock: a catalog swapped in between could put
        // another article at the position found.
        let located = {
            let catalog = catalog.read().unwrap();
            let at = self.index as usize;
            let same = catalog.epoch() == self.epoch && at < catalog.len() && catalog.id(at) == &*self.article.id;
            let index = if same { Some(at) } else { catalog.find(&self.article.id) };
            index.map(|index| Located::of(&catalog, index))
        };
        let result = match located {
            Some(located) => located.read(),
            None => Err(ReadError { path: self.article.id.to_string(), reason: "no longer in the store".into() }),
        };
        Fetched { article: self.article, result }
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

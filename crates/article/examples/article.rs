//! Prints the article truce finds in an HTML page read from standard input: its metadata,
//! then its body. `cargo run --release -p truce-article --example article < page.html`
use std::io::Read;

fn main() {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
        eprintln!("cannot read standard input: {e}");
        std::process::exit(2);
    }
    let html = String::from_utf8_lossy(&bytes);
    match truce_article::extract(&html) {
        Some(article) => {
            println!("{:#?}\n", article.meta);
            println!("{}", article.body);
        }
        None => {
            eprintln!("no article text in the page");
            std::process::exit(1);
        }
    }
}

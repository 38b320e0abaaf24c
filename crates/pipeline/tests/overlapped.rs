//! The reader runs ahead of the writer, in order, within a bound on the bytes waiting
//! between them, and stops when the writer fails.

use std::sync::atomic::{AtomicUsize, Ordering};

#[test]
fn results_come_in_order_and_what_waits_stays_within_its_bytes() {
    // 200 results of 1 MB each: far more than may wait at once
    let read_so_far = AtomicUsize::new(0);
    let mut written = Vec::new();
    let mut most_ahead = 0;
    truce_pipeline::overlapped(
        0..200usize,
        |i| {
            read_so_far.fetch_add(1, Ordering::SeqCst);
            (i, vec![0u8; 1 << 20])
        },
        |(_, bytes)| bytes.len(),
        |(i, _)| -> Result<(), ()> {
            written.push(i);
            // give the reader time to run as far ahead as it may
            std::thread::sleep(std::time::Duration::from_millis(2));
            most_ahead = most_ahead.max(read_so_far.load(Ordering::SeqCst) - written.len());
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(written, (0..200).collect::<Vec<_>>());
    // 32 MB may wait (plus the one result being read): never all 200 MB
    assert!(most_ahead > 1, "the reader runs ahead: {most_ahead}");
    assert!(most_ahead <= 34, "{most_ahead} MB waited");
}

#[test]
fn a_failing_writer_stops_the_reader() {
    let read_so_far = AtomicUsize::new(0);
    let outcome = truce_pipeline::overlapped(
        0..100_000usize,
        |i| {
            read_so_far.fetch_add(1, Ordering::SeqCst);
            vec![i as u8; 1 << 16]
        },
        |bytes| bytes.len(),
        |bytes| {
            if bytes[0] == 9 {
                Err("the disk is full")
            } else {
                Ok(())
            }
        },
    );
    assert_eq!(outcome, Err("the disk is full"));
    assert!(read_so_far.load(Ordering::SeqCst) < 100_000);
}

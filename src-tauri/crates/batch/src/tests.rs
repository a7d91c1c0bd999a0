//! The runner against a fake server that limits as Better Auth does, on tokio's paused clock.

use std::sync::Mutex;

use super::*;

/// Better Auth's limiter (`decideConsume`): `max` requests, then none until `window` has passed
/// since the last one let through.
struct Limiter {
    max: u32,
    window: Duration,
    count: u32,
    last: Option<Instant>,
    refused: u32,
    /// Requests in flight now, and the most there ever were.
    in_flight: u32,
    most_in_flight: u32,
    done: Vec<u32>,
}

impl Limiter {
    fn new(max: u32, window_seconds: u64) -> Arc<Mutex<Self>> {
        Arc::new(Mutex::new(Self {
            max,
            window: Duration::from_secs(window_seconds),
            count: 0,
            last: None,
            refused: 0,
            in_flight: 0,
            most_in_flight: 0,
            done: Vec::new(),
        }))
    }
}

/// One request: 50 ms on the wire, answered as the limiter decides.
async fn request(server: Arc<Mutex<Limiter>>, item: u32) -> Attempt {
    {
        let mut s = server.lock().unwrap();
        s.in_flight += 1;
        s.most_in_flight = s.most_in_flight.max(s.in_flight);
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    let mut s = server.lock().unwrap();
    s.in_flight -= 1;
    let now = Instant::now();
    let fresh = s.last.is_none_or(|last| now - last >= s.window);
    if fresh {
        s.count = 0;
    }
    if s.count >= s.max {
        s.refused += 1;
        let left = s.last.unwrap() + s.window - now;
        return Attempt::RateLimited(Duration::from_secs(left.as_secs_f64().ceil() as u64));
    }
    s.count += 1;
    s.last = Some(now);
    assert!(!s.done.contains(&item), "item {item} was done twice");
    s.done.push(item);
    Attempt::Done
}

async fn run_all(
    server: &Arc<Mutex<Limiter>>,
    items: Vec<u32>,
    cancel: Cancel,
    cancel_after: Option<usize>,
) -> Vec<(u32, Outcome)> {
    run_paced(server, items, cancel, cancel_after, &mut Pacer::default()).await
}

async fn run_paced(
    server: &Arc<Mutex<Limiter>>,
    items: Vec<u32>,
    cancel: Cancel,
    cancel_after: Option<usize>,
    pacer: &mut Pacer,
) -> Vec<(u32, Outcome)> {
    let mut ended = Vec::new();
    let stopper = cancel.clone();
    run(
        items,
        4,
        cancel,
        pacer,
        |item| request(server.clone(), item),
        |event| {
            if let Event::Finished(item, outcome) = event {
                ended.push((item, outcome));
                if Some(ended.len()) == cancel_after {
                    stopper.cancel();
                }
            }
        },
    )
    .await;
    ended
}

#[tokio::test(start_paused = true)]
async fn a_thousand_requests_end_once_each_within_the_limit_it_learns() {
    let server = Limiter::new(100, 10);
    let started = Instant::now();
    let ended = run_all(&server, (0..1000).collect(), Cancel::default(), None).await;
    let took = started.elapsed();
    assert_eq!(ended.len(), 1000);
    assert!(ended.iter().all(|(_, outcome)| *outcome == Outcome::Done));
    let s = server.lock().unwrap();
    assert_eq!(s.done.len(), 1000);
    assert!(s.most_in_flight <= 4, "{} at once", s.most_in_flight);
    // One refusal teaches the budget (plus the others that were in flight then); no burst
    // after that is refused.
    assert!(s.refused <= 4, "refused {} times", s.refused);
    // The floor: nine windows of 10 s between ten bursts of 100, each burst 25 rounds of four
    // 50 ms requests.
    let floor = Duration::from_secs(90) + Duration::from_millis(10 * 25 * 50);
    assert!(
        took >= floor && took < floor.mul_f64(1.05),
        "took {took:?} for a floor of {floor:?}"
    );
}

/// A batch stopped mid-burst leaves the bucket half full; the next batch on the same route
/// must neither be refused again nor learn the half bucket as the budget and crawl.
#[tokio::test(start_paused = true)]
async fn the_next_batch_on_a_route_goes_on_where_the_last_left_the_limit() {
    let server = Limiter::new(100, 10);
    let mut pacer = Pacer::default();
    // The first batch leaves 99 of the budget of 100 used.
    let first: Vec<u32> = (0..199).collect();
    run_paced(&server, first, Cancel::default(), None, &mut pacer).await;
    let started = Instant::now();
    let next: Vec<u32> = (199..449).collect();
    run_paced(&server, next, Cancel::default(), None, &mut pacer).await;
    let took = started.elapsed();
    let s = server.lock().unwrap();
    assert_eq!(s.done.len(), 449);
    assert!(s.refused <= 4, "refused {} times", s.refused);
    // One more fills the bucket, then three windows of 10 s with bursts of 100, 100 and 49.
    assert!(took < Duration::from_secs(40), "took {took:?}");
}

#[tokio::test(start_paused = true)]
async fn a_cancel_finishes_what_is_in_flight_and_starts_nothing_more() {
    let server = Limiter::new(1000, 10);
    let cancel = Cancel::default();
    let ended = run_all(&server, (0..200).collect(), cancel, Some(50)).await;
    assert_eq!(ended.len(), 200, "every item ends once");
    let done = ended.iter().filter(|(_, o)| *o == Outcome::Done).count();
    let not_done = ended.iter().filter(|(_, o)| *o == Outcome::NotDone).count();
    assert!((50..=53).contains(&done), "{done} done");
    assert_eq!(done + not_done, 200);
    assert_eq!(server.lock().unwrap().done.len(), done);

    // The rest, run again, completes the set without doing any twice.
    let rest: Vec<u32> = ended
        .iter()
        .filter(|(_, o)| *o == Outcome::NotDone)
        .map(|(item, _)| *item)
        .collect();
    run_all(&server, rest, Cancel::default(), None).await;
    let mut all = server.lock().unwrap().done.clone();
    all.sort_unstable();
    assert_eq!(all, (0..200).collect::<Vec<_>>());
}

#[tokio::test(start_paused = true)]
async fn failures_and_skips_are_reported_and_not_retried() {
    let tries = Arc::new(Mutex::new(0));
    let mut ended = Vec::new();
    run(
        vec![1, 2, 3],
        2,
        Cancel::default(),
        &mut Pacer::default(),
        |item| {
            let tries = tries.clone();
            async move {
                *tries.lock().unwrap() += 1;
                match item {
                    1 => Attempt::Failed("server error".into()),
                    2 => Attempt::Skipped("banned already".into()),
                    _ => Attempt::Done,
                }
            }
        },
        |event| {
            if let Event::Finished(item, outcome) = event {
                ended.push((item, outcome));
            }
        },
    )
    .await;
    ended.sort_by_key(|(item, _)| *item);
    assert_eq!(
        ended,
        [
            (1, Outcome::Failed("server error".into())),
            (2, Outcome::Skipped("banned already".into())),
            (3, Outcome::Done)
        ]
    );
    assert_eq!(*tries.lock().unwrap(), 3);
}

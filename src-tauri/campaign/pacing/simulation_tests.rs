//! Weeks of simulated sending on an injected clock: the pacer's promises checked against
//! oracles written here independently (ceilings by index arithmetic, caps by their own
//! table, windows through local wall-clock times).

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::estimate::{days_stepped, estimate_without_skipping};
use super::pacer::Pause;
use super::*;

fn pacing(edit: impl FnOnce(&mut PacingSettings)) -> ValidPacing {
    let mut s = PacingSettings::default();
    edit(&mut s);
    s.validate().expect("valid settings")
}

fn ts(s: &str) -> Timestamp {
    s.parse().expect("timestamp")
}

/// The warm-up table, written out again: what each day's cap must be.
fn expected_cap(day: i64, cap: u32) -> u32 {
    let step = match day {
        1..=3 => 20,
        4..=7 => 50,
        8..=14 => 100,
        15..=21 => 200,
        _ => cap,
    };
    step.min(cap)
}

#[derive(Debug, Default)]
struct Run {
    sends: Vec<Timestamp>,
    /// The pause the pacer drew after each send.
    pauses: Vec<Pause>,
}

/// Drives a pacer like the engine: ask for the slot, wait for it, send. Every few sends it
/// also asks early, at a random instant before the slot, which must name the same slot.
fn simulate(
    p: &ValidPacing,
    history: SendHistory,
    seed: u64,
    start: Timestamp,
    count: usize,
) -> (Run, InstancePacer) {
    let mut pacer = InstancePacer::new(p, history, StdRng::seed_from_u64(seed));
    let mut poll = StdRng::seed_from_u64(seed ^ 0x5eed);
    let mut run = Run::default();
    let mut now = start;
    for i in 0..count {
        let slot = pacer.next_slot(now);
        let at = slot.when(now);
        assert!(at >= now, "slot {slot:?} before now {now}");
        if at > now && i % 7 == 0 {
            let wait = at.duration_since(now).as_millis() as i64;
            let early = now + SignedDuration::from_millis(poll.random_range(0..wait));
            assert_eq!(
                pacer.next_slot(early).when(early),
                at,
                "asked early at {early}"
            );
        }
        assert_eq!(
            pacer.next_slot(at),
            Slot::Now,
            "the slot {at} is not open when it comes"
        );
        now = at;
        pacer.record_sent(now);
        run.sends.push(now);
        run.pauses.push(pacer.pause);
    }
    (run, pacer)
}

/// Everything that must hold for any run.
fn check_run(p: &ValidPacing, run: &Run, label: &str) {
    let (gap_low, gap_high) = p.preset.gap_ms().expect("a paced preset");
    let s = &run.sends;
    let tz = &p.window.tz;
    let local = |t: Timestamp| tz.to_datetime(t);
    // Ceilings: any 9 consecutive sends span ≥ 60 s, any 61 span ≥ 1 h.
    for i in 8..s.len() {
        assert!(
            s[i].duration_since(s[i - 8]) >= SignedDuration::from_secs(60),
            "{label}: minute ceiling at {}",
            s[i]
        );
    }
    for i in 60..s.len() {
        assert!(
            s[i].duration_since(s[i - 60]) >= SignedDuration::from_hours(1),
            "{label}: hour ceiling at {}",
            s[i]
        );
    }
    // Window, on the wall clock.
    for t in s {
        let l = local(*t);
        assert!(
            l.time() >= p.window.start && l.time() < p.window.end,
            "{label}: {t} is {l} locally"
        );
        assert!(
            p.window.allows(l.weekday()),
            "{label}: {t} is on a day off ({l})"
        );
    }
    // Drawn pauses: the preset's band, or a long pause every 15–25 messages.
    let mut since_long = 0;
    for pause in &run.pauses {
        since_long += 1;
        match pause {
            Pause::Gap(g) => {
                let ms = g.as_millis();
                assert!(
                    (i128::from(gap_low)..=i128::from(gap_high)).contains(&ms),
                    "{label}: gap {g:?}"
                );
                assert!(
                    since_long < 25,
                    "{label}: no long pause after {since_long} messages"
                );
            }
            Pause::Long(l) => {
                assert!(
                    (180..=600).contains(&l.as_secs()),
                    "{label}: long pause {l:?}"
                );
                assert!(
                    (15..=25).contains(&since_long),
                    "{label}: long pause after {since_long}"
                );
                since_long = 0;
            }
        }
    }
    // Each send is exactly at the earliest instant the rules allow, or at a window opening
    // when that instant was outside the window or on a capped day.
    let mut per_day: BTreeMap<Date, u32> = BTreeMap::new();
    *per_day.entry(local(s[0]).date()).or_default() += 1;
    for i in 1..s.len() {
        let pause = match run.pauses[i - 1] {
            Pause::Gap(g) | Pause::Long(g) => g,
        };
        let mut earliest = s[i - 1] + pause;
        if i >= 8 {
            earliest = earliest.max(s[i - 8] + SignedDuration::from_secs(60));
        }
        if i >= 60 {
            earliest = earliest.max(s[i - 60] + SignedDuration::from_hours(1));
        }
        assert!(
            s[i] >= earliest,
            "{label}: send {i} at {} before {earliest}",
            s[i]
        );
        if s[i] != earliest {
            let l = local(s[i]);
            assert_eq!(
                l.time(),
                p.window.start,
                "{label}: send {i} waited past {earliest} to {}",
                s[i]
            );
            let e = local(earliest);
            let open_then = p.window.allows(e.weekday())
                && e.time() >= p.window.start
                && e.time() < p.window.end;
            let capped = e.date() == local(s[i - 1]).date()
                && per_day.get(&e.date()).is_some_and(|n| {
                    // The cap of that day is checked below; here only "was it reached".
                    *n >= cap_of_day(p, run, e.date())
                });
            assert!(
                !open_then || capped,
                "{label}: send {i} at {} though {earliest} was open and uncapped",
                s[i]
            );
        }
        *per_day.entry(local(s[i]).date()).or_default() += 1;
    }
    // Caps: no local day above its warm-up step.
    for (day, n) in &per_day {
        let cap = cap_of_day(p, run, *day);
        assert!(*n <= cap, "{label}: {n} sent on {day}, cap {cap}");
    }
}

/// The cap of a local day for this run, from its own sends: warm-up day 1 is the day of
/// the first send after ≥ 72 h of silence (or the very first send).
fn cap_of_day(p: &ValidPacing, run: &Run, day: Date) -> u32 {
    let tz = &p.window.tz;
    let mut started: Option<Date> = None;
    let mut prev: Option<Timestamp> = None;
    for t in &run.sends {
        let d = tz.to_datetime(*t).date();
        if d > day {
            break;
        }
        if prev.is_none_or(|pr| t.duration_since(pr) >= SignedDuration::from_hours(72)) {
            started = Some(d);
        }
        prev = Some(*t);
    }
    let started = started.unwrap_or(day);
    expected_cap(day.duration_since(started).as_hours() / 24 + 1, p.daily_cap)
}

fn sends_per_day(p: &ValidPacing, run: &Run) -> Vec<(Date, u32)> {
    let mut per_day: BTreeMap<Date, u32> = BTreeMap::new();
    for t in &run.sends {
        *per_day
            .entry(p.window.tz.to_datetime(*t).date())
            .or_default() += 1;
    }
    per_day.into_iter().collect()
}

#[test]
fn weeks_of_sending_keep_every_rule_for_each_preset_seed_cap_and_window() {
    let windows: [fn(&mut PacingSettings); 3] = [
        |_| {},
        |s| {
            s.window.time_zone = "Asia/Tokyo".into();
            s.window.start = "07:15".into();
            s.window.end = "09:40".into();
            s.window.days = vec![Weekday::Mon, Weekday::Wed, Weekday::Thu, Weekday::Sat];
        },
        |s| {
            s.window.time_zone = "America/New_York".into();
            s.window.start = "08:00".into();
            s.window.end = "22:30".into();
            s.window.days = Weekday::ALL.to_vec();
        },
    ];
    let mut total = 0;
    for preset in [PacingPreset::Safe, PacingPreset::Normal, PacingPreset::Fast] {
        for (w, window) in windows.iter().enumerate() {
            for (seed, cap) in [(1u64, 300u32), (2, 500), (3, 37)] {
                let p = pacing(|s| {
                    s.preset = preset;
                    s.daily_cap = cap;
                    window(s);
                });
                // Starts on a Friday evening before the US spring-forward weekend.
                let (run, _) = simulate(
                    &p,
                    SendHistory::default(),
                    seed,
                    ts("2025-03-07T20:00:00Z"),
                    1500,
                );
                check_run(
                    &p,
                    &run,
                    &format!("{preset:?} window {w} seed {seed} cap {cap}"),
                );
                total += run.sends.len();
            }
        }
    }
    assert_eq!(total, 3 * 3 * 3 * 1500);
}

#[test]
fn warmup_steps_are_hit_on_the_right_days() {
    // Normal sends ~660 a day in an 11-hour window, so every day is capped: the counts are
    // the warm-up table exactly. Every day allowed so the days count 1, 2, 3…
    let p = pacing(|s| s.window.days = Weekday::ALL.to_vec());
    let (run, _) = simulate(
        &p,
        SendHistory::default(),
        7,
        ts("2025-03-03T12:00:00Z"),
        3500,
    );
    check_run(&p, &run, "normal");
    let counts: Vec<u32> = sends_per_day(&p, &run)
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    let expected: Vec<u32> = (1..=counts.len() as i64 - 1)
        .map(|d| expected_cap(d, 300))
        .collect();
    assert_eq!(counts[..counts.len() - 1], expected[..]);
    assert_eq!(&counts[..4], &[20, 20, 20, 50]);
    assert_eq!(counts[21], 300);
}

#[test]
fn sundays_off_count_as_warmup_days_but_send_nothing() {
    let p = pacing(|_| {});
    // Monday 2025-03-03: days 1–3 Mon–Wed, day 4 Thursday, Sunday (day 7) skipped.
    let (run, _) = simulate(
        &p,
        SendHistory::default(),
        8,
        ts("2025-03-03T12:00:00Z"),
        500,
    );
    let days = sends_per_day(&p, &run);
    let dates: Vec<String> = days.iter().map(|(d, _)| d.to_string()).collect();
    assert_eq!(
        &dates[..8],
        &[
            "2025-03-03",
            "2025-03-04",
            "2025-03-05",
            "2025-03-06",
            "2025-03-07",
            "2025-03-08",
            "2025-03-10",
            "2025-03-11"
        ]
    );
    let counts: Vec<u32> = days.iter().map(|(_, n)| *n).collect();
    assert_eq!(&counts[..8], &[20, 20, 20, 50, 50, 50, 100, 100]);
    // Saturday's last message, then Monday 09:00 sharp.
    let monday = run
        .sends
        .iter()
        .position(|t| p.window.tz.to_datetime(*t).date().to_string() == "2025-03-10")
        .expect("monday");
    assert_eq!(run.sends[monday], ts("2025-03-10T12:00:00Z"));
}

#[test]
fn seventy_two_hours_of_silence_restart_warmup_and_less_does_not() {
    let p = pacing(|s| s.window.days = Weekday::ALL.to_vec());
    let start = ts("2025-03-03T12:00:00Z");
    // Ten days: day 10 sends 100.
    let (first, pacer) = simulate(
        &p,
        SendHistory::default(),
        9,
        start,
        20 * 3 + 50 * 4 + 100 * 3,
    );
    let last = *first.sends.last().expect("sends");
    let history = |silence_from: Timestamp| SendHistory {
        sent_today: 100,
        warmup_started: Some(start),
        last_sent: Some(silence_from),
        recent: first.sends.iter().rev().take(60).copied().collect(),
    };
    assert_eq!(pacer.cap_today(last), 100);
    // Resume 71 h later: 13 days after the start, still warm (day 13: 100).
    let resume = last + SignedDuration::from_hours(71);
    let (run, _) = simulate(&p, history(last), 10, resume, 100);
    assert_eq!(run.sends[0], resume);
    assert_eq!(sends_per_day(&p, &run)[0].1, 100);
    // 72 h: cold again, day 1 allows 20.
    let resume = last + SignedDuration::from_hours(72);
    let (run, pacer) = simulate(&p, history(last), 10, resume, 40);
    assert_eq!(sends_per_day(&p, &run)[0].1, 20);
    assert_eq!(pacer.cap_today(run.sends[0]), 20);
    assert_eq!(warmup_day(&history(last), resume, &p.window), 1);
}

#[test]
fn dst_days_keep_the_window_on_the_local_clock() {
    // New York, every day, Normal: each day is capped, so each day after the first opens
    // at exactly 09:00 local — 14:00Z before 9 March 2025, 13:00Z from then on, and back
    // to 14:00Z from 2 November.
    for start in ["2025-03-05T15:00:00Z", "2025-10-29T15:00:00Z"] {
        let p = pacing(|s| {
            s.window.time_zone = "America/New_York".into();
            s.window.days = Weekday::ALL.to_vec();
        });
        let (run, _) = simulate(&p, SendHistory::default(), 11, ts(start), 300);
        check_run(&p, &run, start);
        let mut firsts: BTreeMap<Date, Timestamp> = BTreeMap::new();
        for t in &run.sends {
            firsts
                .entry(p.window.tz.to_datetime(*t).date())
                .or_insert(*t);
        }
        let utc_hours: Vec<(String, i8)> = firsts
            .iter()
            .skip(1)
            .map(|(d, t)| {
                (
                    d.to_string(),
                    t.to_zoned_datetime(jiff::tz::TimeZone::UTC).hour(),
                )
            })
            .collect();
        for (day, hour) in &utc_hours {
            let dst = (day.as_str() >= "2025-03-09") && (day.as_str() < "2025-11-02");
            assert_eq!(*hour, if dst { 13 } else { 14 }, "{day}: {utc_hours:?}");
        }
        assert!(utc_hours.len() >= 6, "{utc_hours:?}");
    }
}

#[test]
fn the_end_of_the_window_pauses_until_the_next_allowed_opening() {
    // Fast with a high cap: the window, not the cap, ends Saturday.
    let p = pacing(|s| {
        s.preset = PacingPreset::Fast;
        s.daily_cap = 500;
    });
    let history = SendHistory {
        sent_today: 0,
        warmup_started: Some(ts("2025-01-01T12:00:00Z")),
        last_sent: Some(ts("2025-03-14T22:00:00Z")),
        recent: vec![],
    };
    let mut pacer = InstancePacer::new(&p, history, StdRng::seed_from_u64(3));
    let saturday_late = ts("2025-03-15T22:59:55Z"); // 19:59:55 in São Paulo
    assert_eq!(pacer.next_slot(saturday_late), Slot::Now);
    pacer.record_sent(saturday_late);
    assert_eq!(
        pacer.next_slot(saturday_late),
        Slot::WindowClosed {
            opens: ts("2025-03-17T12:00:00Z")
        }
    );
    assert_eq!(
        pacer.next_slot(ts("2025-03-16T15:00:00Z")),
        Slot::WindowClosed {
            opens: ts("2025-03-17T12:00:00Z")
        }
    );
    // Before the gap is over, inside the window: a plain wait.
    let friday = ts("2025-03-14T15:00:00Z");
    let mut pacer = InstancePacer::new(&p, SendHistory::default(), StdRng::seed_from_u64(3));
    pacer.record_sent(friday);
    match pacer.next_slot(friday) {
        Slot::At(t) => {
            let wait = t.duration_since(friday).as_secs();
            assert!((8..=20).contains(&wait), "{wait}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_reached_cap_resumes_at_the_next_allowed_opening_and_restored_counts_count() {
    let p = pacing(|s| s.daily_cap = 50);
    // Warm number, 50 sent this Saturday already (last at 15:00 local).
    let history = SendHistory {
        sent_today: 50,
        warmup_started: Some(ts("2025-01-01T12:00:00Z")),
        last_sent: Some(ts("2025-03-15T18:00:00Z")),
        recent: vec![ts("2025-03-15T18:00:00Z")],
    };
    let pacer = InstancePacer::new(&p, history.clone(), StdRng::seed_from_u64(4));
    let now = ts("2025-03-15T19:00:00Z");
    assert_eq!(pacer.sent_today(now), 50);
    assert_eq!(pacer.cap_today(now), 50);
    assert_eq!(
        pacer.next_slot(now),
        Slot::CapReached {
            resumes: ts("2025-03-17T12:00:00Z")
        }
    );
    // On Monday the count is yesterday's and does not hold it back.
    let monday = ts("2025-03-17T12:00:00Z");
    assert_eq!(pacer.sent_today(monday), 0);
    assert_eq!(pacer.next_slot(monday), Slot::Now);
    // 49 sent: one more today.
    let pacer = InstancePacer::new(
        &p,
        SendHistory {
            sent_today: 49,
            ..history
        },
        StdRng::seed_from_u64(4),
    );
    assert!(
        matches!(pacer.next_slot(now), Slot::Now | Slot::At(_)),
        "{:?}",
        pacer.next_slot(now)
    );
}

#[test]
fn restored_recent_sends_keep_the_ceilings_across_a_restart() {
    let p = pacing(|s| {
        s.preset = PacingPreset::Fast;
        s.window.days = Weekday::ALL.to_vec();
    });
    let now = ts("2025-03-17T15:00:00Z");
    let warm = ts("2025-01-01T12:00:00Z");
    // 8 sends in the last 40 s: the oldest + 60 s, even though the gap is over sooner.
    let recent: Vec<Timestamp> = (0..8)
        .rev()
        .map(|i| now - SignedDuration::from_secs(5 * i + 5))
        .collect();
    let eight = SendHistory {
        sent_today: 8,
        warmup_started: Some(warm),
        last_sent: recent.last().copied(),
        recent,
    };
    let pacer = InstancePacer::new(&p, eight, StdRng::seed_from_u64(5));
    assert_eq!(
        pacer.next_slot(now),
        Slot::At(now - SignedDuration::from_secs(40) + SignedDuration::from_secs(60))
    );
    // 60 sends in the last hour (shuffled): the oldest + 1 h.
    let mut recent: Vec<Timestamp> = (0..60)
        .map(|i| now - SignedDuration::from_secs(50 * i + 30))
        .collect();
    recent.swap(0, 59);
    let sixty = SendHistory {
        sent_today: 60,
        warmup_started: Some(warm),
        last_sent: Some(now - SignedDuration::from_secs(30)),
        recent,
    };
    let pacer = InstancePacer::new(&p, sixty, StdRng::seed_from_u64(5));
    assert_eq!(
        pacer.next_slot(now),
        Slot::At(now - SignedDuration::from_secs(50 * 59 + 30) + SignedDuration::from_hours(1))
    );
}

#[test]
fn weight_stretches_gaps_and_nan_counts_as_the_slowest() {
    let p = pacing(|s| s.window.days = Weekday::ALL.to_vec());
    let warm = SendHistory {
        warmup_started: Some(ts("2025-01-01T12:00:00Z")),
        last_sent: Some(ts("2025-03-16T12:00:00Z")),
        ..SendHistory::default()
    };
    let mut pacer = InstancePacer::new(&p, warm, StdRng::seed_from_u64(6));
    let mut now = ts("2025-03-17T12:00:00Z");
    pacer.set_weight(0.1);
    for _ in 0..40 {
        let at = pacer.next_slot(now).when(now);
        if let Pause::Gap(g) = pacer.pause {
            // Not for the first (the gap after yesterday's send is long over).
            if now > ts("2025-03-17T12:00:00Z") {
                assert_eq!(at.duration_since(now), g.div_f64(0.1), "gap ×10");
            }
        }
        now = at;
        pacer.record_sent(now);
    }
    while matches!(pacer.pause, Pause::Long(_)) {
        now = pacer.next_slot(now).when(now);
        pacer.record_sent(now);
    }
    let Pause::Gap(g) = pacer.pause else {
        unreachable!()
    };
    assert_eq!(
        pacer.next_slot(now).when(now).duration_since(now),
        g.div_f64(0.1)
    );
    pacer.set_weight(f64::NAN);
    assert_eq!(
        pacer.next_slot(now).when(now).duration_since(now),
        g.div_f64(MIN_WEIGHT)
    );
    pacer.set_weight(7.0);
    assert_eq!(pacer.next_slot(now), Slot::At(now + g));
}

#[test]
fn typing_delays_are_1_to_3_seconds_or_none() {
    let p = pacing(|_| {});
    let mut pacer = InstancePacer::new(&p, SendHistory::default(), StdRng::seed_from_u64(12));
    let delays: Vec<u32> = (0..2000).map(|_| pacer.typing_delay_ms()).collect();
    assert!(delays.iter().all(|d| (1000..=3000).contains(d)));
    assert!(
        *delays.iter().min().expect("some") < 1050 && *delays.iter().max().expect("some") > 2950
    );
    let off = pacing(|s| s.typing = false);
    let mut pacer = InstancePacer::new(&off, SendHistory::default(), StdRng::seed_from_u64(12));
    assert_eq!(pacer.typing_delay_ms(), 0);
}

#[test]
fn unpaced_sends_everything_at_once_whenever() {
    let p = pacing(|s| s.preset = PacingPreset::Unpaced);
    assert!(p.is_unpaced() && p.preset.is_unpaced());
    let mut pacer = InstancePacer::new(&p, SendHistory::default(), StdRng::seed_from_u64(13));
    let sunday_night = ts("2025-03-17T02:00:00Z");
    for _ in 0..5000 {
        assert_eq!(pacer.next_slot(sunday_night), Slot::Now);
        pacer.record_sent(sunday_night);
    }
    assert_eq!(pacer.typing_delay_ms(), 0);
    assert_eq!(pacer.sent_today(sunday_night), 5000);
    assert_eq!(pacer.cap_today(sunday_night), u32::MAX);
    let est =
        estimate_finish(&p, &[SendHistory::default()], 1_000_000, sunday_night).expect("estimate");
    assert_eq!(
        est,
        Estimate {
            finish: sunday_night,
            sending_days: 1
        }
    );
}

/// Runs several pacers as the engine's rotation would (the next message goes to whichever
/// number is free first) and returns the last send and the local days used.
fn simulate_campaign(
    p: &ValidPacing,
    histories: &[SendHistory],
    recipients: u64,
    start: Timestamp,
    seed: u64,
) -> Estimate {
    let mut pacers: Vec<InstancePacer> = histories
        .iter()
        .enumerate()
        .map(|(i, h)| {
            InstancePacer::new(p, h.clone(), StdRng::seed_from_u64(seed * 100 + i as u64))
        })
        .collect();
    let mut now = start;
    let mut days = std::collections::BTreeSet::new();
    for _ in 0..recipients {
        let (i, at) = pacers
            .iter()
            .enumerate()
            .map(|(i, pacer)| (i, pacer.next_slot(now).when(now)))
            .min_by_key(|(_, at)| *at)
            .expect("a pacer");
        now = at;
        pacers[i].record_sent(now);
        days.insert(p.window.tz.to_datetime(now).date());
    }
    Estimate {
        finish: now,
        sending_days: days.len() as u32,
    }
}

#[test]
fn estimates_agree_with_full_simulations() {
    // Tolerance: the same local day for the last message, the same number of sending days,
    // and the time within 45 min. Capped or ceiling-bound days are deterministic, so only
    // the last day's random gaps move the finish: measured within 6 min over these cases.
    // A day limited by the gaps alone (the 3-hour Safe window) sends 141 ± 7, which moves
    // the finish on day 3 by about ±11 min (one standard deviation; at most 31 min over
    // 59 seeds), so 45 min is about 4σ; a wrong mean interval (say, long pauses forgotten:
    // 180 a day) moves it by hours, to day 2.
    let warm = SendHistory {
        sent_today: 0,
        warmup_started: Some(ts("2025-01-02T12:00:00Z")),
        last_sent: Some(ts("2025-03-14T20:00:00Z")),
        recent: vec![],
    };
    let fresh = SendHistory::default();
    let start = ts("2025-03-17T11:00:00Z"); // Monday 08:00 in São Paulo
    let cases: Vec<(&str, ValidPacing, Vec<SendHistory>, u64)> = vec![
        (
            "one fresh number, normal",
            pacing(|_| {}),
            vec![fresh.clone()],
            150,
        ),
        (
            "warm and fresh, safe",
            pacing(|s| s.preset = PacingPreset::Safe),
            vec![warm.clone(), fresh.clone()],
            1500,
        ),
        (
            "one-hour window, fast, ceiling-bound",
            pacing(|s| {
                s.preset = PacingPreset::Fast;
                s.window.end = "10:00".into();
            }),
            vec![warm.clone()],
            500,
        ),
        (
            "three numbers, normal, Tokyo, weekdays",
            pacing(|s| {
                s.window.time_zone = "Asia/Tokyo".into();
                s.window.days = Weekday::ALL[..5].to_vec();
                s.daily_cap = 120;
            }),
            vec![warm.clone(), fresh.clone(), fresh.clone()],
            1200,
        ),
        // ~141 a day, so the last message goes mid-morning on day 3.
        (
            "safe, throughput-bound in 3 h",
            pacing(|s| {
                s.preset = PacingPreset::Safe;
                s.window.end = "12:00".into();
            }),
            vec![warm.clone()],
            355,
        ),
    ];
    for (label, p, histories, recipients) in cases {
        let estimate = estimate_finish(&p, &histories, recipients, start).expect("estimate");
        for seed in 1..=4 {
            let sim = simulate_campaign(&p, &histories, recipients, start, seed);
            let est_day = p.window.tz.to_datetime(estimate.finish).date();
            let sim_day = p.window.tz.to_datetime(sim.finish).date();
            let off = estimate.finish.duration_since(sim.finish);
            assert_eq!(
                est_day, sim_day,
                "{label} seed {seed}: estimate {estimate:?}, simulation {sim:?}"
            );
            assert!(
                off.abs() <= SignedDuration::from_mins(45),
                "{label} seed {seed}: off by {off:?} ({estimate:?} vs {sim:?})"
            );
            assert_eq!(
                estimate.sending_days, sim.sending_days,
                "{label} seed {seed}"
            );
        }
    }
}

#[test]
fn skipping_repeated_weeks_gives_the_day_by_day_answer() {
    let cases = [
        (pacing(|_| {}), vec![SendHistory::default()], 20_000u64),
        (
            pacing(|s| s.window.days = vec![Weekday::Mon]),
            vec![SendHistory::default(), SendHistory::default()],
            5_000,
        ),
        (
            pacing(|s| {
                s.preset = PacingPreset::Safe;
                s.window.end = "10:30".into();
                s.daily_cap = 77;
            }),
            vec![SendHistory::default()],
            9_999,
        ),
    ];
    let start = ts("2025-03-19T14:00:00Z");
    for (p, histories, recipients) in cases {
        let skipped = estimate_finish(&p, &histories, recipients, start).expect("estimate");
        let stepped =
            estimate_without_skipping(&p, &histories, recipients, start).expect("estimate");
        assert_eq!(skipped, stepped);
    }
}

#[test]
fn a_million_recipients_take_a_bounded_number_of_steps() {
    let start = ts("2025-03-19T14:00:00Z");
    let fresh = SendHistory::default();
    let cases = [
        pacing(|_| {}),
        pacing(|s| s.daily_cap = 1),
        pacing(|s| s.window.days = vec![Weekday::Mon, Weekday::Thu]),
        pacing(|s| {
            s.preset = PacingPreset::Safe;
            s.window.start = "19:00".into();
            s.window.end = "19:05".into();
        }),
    ];
    for p in cases {
        for n in [1usize, 10] {
            let histories = vec![fresh.clone(); n];
            // Warm-up (22 days), two weeks to see them repeat, the last week: about 40
            // whatever the count. Stepping day by day would take ≥ 1,000 here.
            let large = days_stepped(&p, &histories, 1_000_000, start);
            let huge = days_stepped(&p, &histories, 100_000_000, start);
            assert!(large <= 45, "{large} days stepped");
            assert!(huge <= large + 7, "{large} → {huge}");
            let est = estimate_finish(&p, &histories, 1_000_000, start).expect("estimate");
            assert!(est.finish > start && est.sending_days > 0);
        }
    }
    // A cap of 1 on one number: a million sending days, far in the future but computed.
    let one = estimate_finish(&pacing(|s| s.daily_cap = 1), &[fresh], 1_000_000, start)
        .expect("estimate");
    assert_eq!(one.sending_days, 1_000_000);
}

#[test]
fn estimate_edges() {
    let p = pacing(|_| {});
    let start = ts("2025-03-17T11:00:00Z");
    assert_eq!(estimate_finish(&p, &[], 10, start), None);
    let none = estimate_finish(&p, &[SendHistory::default()], 0, start).expect("estimate");
    assert_eq!(
        none,
        Estimate {
            finish: start,
            sending_days: 0
        }
    );
    // One message on Monday before the window: at the opening.
    let one = estimate_finish(&p, &[SendHistory::default()], 1, start).expect("estimate");
    assert_eq!(
        one,
        Estimate {
            finish: ts("2025-03-17T12:00:00Z"),
            sending_days: 1
        }
    );
    // Started after Saturday's window: Monday.
    let late = estimate_finish(&p, &[SendHistory::default()], 1, ts("2025-03-15T23:30:00Z"))
        .expect("estimate");
    assert_eq!(late.finish, ts("2025-03-17T12:00:00Z"));
    // A warm-up "started" in the future (a clock set back) is day 1 for the pacer and the
    // estimate alike: 25 messages need two days.
    let odd = SendHistory {
        warmup_started: Some(ts("2025-06-01T12:00:00Z")),
        last_sent: Some(ts("2025-03-16T12:00:00Z")),
        ..SendHistory::default()
    };
    let pacer = InstancePacer::new(&p, odd.clone(), StdRng::seed_from_u64(1));
    assert_eq!(pacer.cap_today(start), 20);
    let two = estimate_finish(&p, &[odd], 25, start).expect("estimate");
    assert_eq!(two.sending_days, 2);
}

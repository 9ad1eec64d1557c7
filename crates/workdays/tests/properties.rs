//! Properties of the working-day arithmetic over the embedded years.

use jiff::civil::{Date, DateTime, date};
use proptest::prelude::*;
use workdays::Calendar;

/// Any date from 2023-01-01 to 2025-12-31, so that results up to ~250 working days later stay
/// within the published years.
fn a_date() -> impl Strategy<Value = Date> {
    (0_i64..1095).prop_map(|offset| date(2023, 1, 1) + jiff::Span::new().days(offset))
}

fn a_moment() -> impl Strategy<Value = DateTime> {
    (a_date(), 0_i8..24, 0_i8..60).prop_map(|(day, hour, minute)| day.at(hour, minute, 0, 0))
}

proptest! {
    #[test]
    fn adding_n_then_m_is_adding_n_plus_m(day in a_date(), n in 0_u32..120, m in 0_u32..120) {
        let calendar = Calendar::china();
        let stepwise = calendar.add(calendar.add(day, n).unwrap(), m).unwrap();
        prop_assert_eq!(stepwise, calendar.add(day, n + m).unwrap());
    }

    #[test]
    fn between_undoes_add(day in a_date(), n in 0_u32..250) {
        let calendar = Calendar::china();
        let later = calendar.add(day, n).unwrap();
        prop_assert_eq!(calendar.between(day, later).unwrap(), i64::from(n));
        prop_assert_eq!(calendar.between(later, day).unwrap(), -i64::from(n));
        if n >= 1 {
            prop_assert!(calendar.is_working_day(later).unwrap());
        }
    }

    #[test]
    fn between_adds_up(a in a_date(), b in a_date(), c in a_date()) {
        let calendar = Calendar::china();
        let whole = calendar.between(a, c).unwrap();
        prop_assert_eq!(calendar.between(a, b).unwrap() + calendar.between(b, c).unwrap(), whole);
    }

    #[test]
    fn working_minutes_round_trip(start in a_moment(), minutes in 0_u32..5000) {
        let calendar = Calendar::china();
        let end = calendar.add_working_minutes(start, minutes).unwrap();
        prop_assert!(end >= start);
        let elapsed = calendar.working_time_between(start, end).unwrap();
        prop_assert_eq!(elapsed, jiff::SignedDuration::from_mins(i64::from(minutes)));
        let composed = calendar
            .add_working_minutes(calendar.add_working_minutes(start, minutes).unwrap(), 270)
            .unwrap();
        if minutes > 0 {
            prop_assert_eq!(composed, calendar.add_working_minutes(start, minutes + 270).unwrap());
        }
    }
}

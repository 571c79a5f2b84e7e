package io.github.jmxprom.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The deadline of a scrape counts from the request's arrival, not from the collector's start. */
class ScrapeTimeoutTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @AfterEach
  void forget() {
    ScrapeTimeout.forget();
  }

  @Test
  void theHeaderLessHalfASecond() {
    assertThat(ScrapeTimeout.nanos("10")).isEqualTo(9_500_000_000L);
    assertThat(ScrapeTimeout.nanos("0.3")).isEqualTo(200_000_000L);
    assertThat(ScrapeTimeout.nanos(null)).isEqualTo(ScrapeTimeout.DEFAULT_NANOS);
    assertThat(ScrapeTimeout.nanos("nope")).isEqualTo(ScrapeTimeout.DEFAULT_NANOS);
  }

  @Test
  void theTimeLeftCountsFromTheArrival() {
    long arrived = 1_000 * SECOND;
    ScrapeTimeout.remember("10", arrived);
    assertThat(ScrapeTimeout.remainingNanos(arrived)).isEqualTo(9_500_000_000L);
    // Work before the collector (authentication, opening a target) is taken off.
    assertThat(ScrapeTimeout.remainingNanos(arrived + 2 * SECOND)).isEqualTo(7_500_000_000L);
    assertThat(ScrapeTimeout.remainingNanos(arrived + 9 * SECOND + SECOND / 2)).isZero();
    assertThat(ScrapeTimeout.remainingNanos(arrived + 20 * SECOND)).isZero();
    assertThat(ScrapeTimeout.currentNanos()).isEqualTo(9_500_000_000L);
  }

  @Test
  void withoutTheHeaderTheDefaultFromTheArrival() {
    long arrived = 5 * SECOND;
    ScrapeTimeout.remember(null, arrived);
    assertThat(ScrapeTimeout.remainingNanos(arrived + SECOND))
        .isEqualTo(ScrapeTimeout.DEFAULT_NANOS - SECOND);
  }

  @Test
  void offAnHttpThreadTheDefault() {
    assertThat(ScrapeTimeout.remainingNanos(123)).isEqualTo(ScrapeTimeout.DEFAULT_NANOS);
    assertThat(ScrapeTimeout.currentNanos()).isEqualTo(ScrapeTimeout.DEFAULT_NANOS);
  }

  @Test
  void aLaterRequestOnTheSameThreadReplacesTheEarlierOne() {
    ScrapeTimeout.remember("2", 0);
    ScrapeTimeout.remember("4", 10 * SECOND);
    assertThat(ScrapeTimeout.remainingNanos(11 * SECOND)).isEqualTo(2_500_000_000L);
  }
}

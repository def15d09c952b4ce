package dev.eventline.ledger;

/**
 * Bounds on amounts, in minor units. A balance stays far below {@code Long.MAX_VALUE}, so sums of
 * balances and amounts in flight never overflow either.
 */
public final class Money {

    /** The largest amount one command may move: 10^15 minor units (10 trillion in a 2-decimal currency). */
    public static final long MAX_AMOUNT = 1_000_000_000_000_000L;
    /** The largest balance an account may hold. */
    public static final long MAX_BALANCE = 1_000_000_000_000_000L;

    private Money() {
    }
}

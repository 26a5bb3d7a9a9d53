package io.punchcard.archfixture.points;

/** A domain class with no I/O: the architecture rule must let it be. */
public record CleanLedger(long balance) {
}

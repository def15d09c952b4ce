package dev.eventline.bench.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.eventline.bench.chaos.LoggedEvents.Folded;
import dev.eventline.bench.chaos.LoggedEvents.Logged;

/**
 * What the answers, the log and the read model must agree on, as in Jepsen's bank test: every
 * acknowledged command's events in the log exactly once with the ids its answer gave, none for a
 * refused command, no event id twice, each account's read-model row equal to the fold of its
 * events, and the money in the accounts equal to the acknowledged deposits less the acknowledged
 * withdrawals (transfers only move it). Pure: {@link ChaosCheck} gathers the inputs.
 */
final class BankCheck {

    private BankCheck() {
    }

    /** Everything that does not hold; empty when all does. */
    static List<String> violations(List<Sent> sent, LoggedEvents log, Map<String, Folded> readModel) {
        List<String> violations = new ArrayList<>();
        eventsExactlyOnce(sent, log.events(), violations);
        balances(sent, log.accounts(), readModel, violations);
        return violations;
    }

    private static void eventsExactlyOnce(List<Sent> sent, List<Logged> events, List<String> violations) {
        Map<String, List<Logged>> byId = events.stream().collect(Collectors.groupingBy(Logged::eventId));
        byId.forEach((id, copies) -> {
            if (copies.size() > 1) {
                violations.add("event " + id + " is in the log " + copies.size() + " times");
            }
        });
        Map<String, List<Logged>> byCommand = events.stream().collect(Collectors.groupingBy(Logged::commandId));
        for (Sent command : sent) {
            if (command.acknowledged()) {
                for (String id : command.eventIds()) {
                    List<Logged> found = byId.getOrDefault(id, List.of());
                    if (found.isEmpty()) {
                        violations.add("acknowledged " + command.command() + " " + command.aggregateId() + " lost its event " + id);
                    } else if (!found.get(0).commandId().equals(command.commandId())) {
                        violations.add("event " + id + " answered to " + command.key() + " was caused by command " + found.get(0).commandId());
                    }
                }
            } else if (command.refused() && byCommand.containsKey(command.commandId())) {
                violations.add("refused " + command.command() + " " + command.aggregateId() + " (" + command.status() + ") has events "
                        + byCommand.get(command.commandId()).stream().map(Logged::eventId).toList());
            }
        }
    }

    private static void balances(List<Sent> sent, Map<String, Folded> folded, Map<String, Folded> readModel, List<String> violations) {
        folded.forEach((account, fold) -> {
            Folded row = readModel.get(account);
            if (!fold.equals(row)) {
                violations.add("account " + account + ": the log folds to " + fold + ", the read model holds " + row);
            }
        });
        long deposited = sum(sent, "Deposit");
        long withdrawn = sum(sent, "Withdraw");
        long money = folded.values().stream().mapToLong(Folded::balance).sum();
        if (money != deposited - withdrawn) {
            violations.add("money not conserved: the accounts hold " + money + ", acknowledged deposits less withdrawals are " + (deposited - withdrawn));
        }
    }

    private static long sum(List<Sent> sent, String command) {
        return sent.stream().filter(s -> s.acknowledged() && s.command().equals(command)).mapToLong(Sent::amount).sum();
    }
}

package uk.safeguarding.hub.system.host;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import uk.safeguarding.hub.delivery.WorkingDays;
import uk.safeguarding.hub.policy.RuleFileException;
import uk.safeguarding.hub.register.RegisterFileException;

/**
 * A rule file or agency register that stops the start is reported as the file, each problem with its line, and
 * nothing else (no stack trace): the one report an officer needs to put it right. Registered in
 * META-INF/spring.factories.
 */
class BadConfigurationFile implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RuleFileException
                    || t instanceof RegisterFileException
                    || t instanceof WorkingDays.BankHolidaysFileException) {
                return new FailureAnalysis(
                        t.getMessage() + "\nThe hub has not started.",
                        "Correct the file at the lines named and start the hub again.",
                        t);
            }
        }
        return null;
    }
}

package uk.safeguarding.hub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The packages depend in one direction only, as the README's diagram draws them: message, register and audit at
 * the bottom (governance, the four eyes on the rules and the register, just above audit); the data's way intake,
 * policy, protect, delivery (each step may use the ones before it, never after); explain, retention, operations,
 * report, tools and system (the wiring) on top. A cycle, or a dependency the table
 * below does not allow, fails here with the classes that made it.
 */
class ModularityTest {

    static final String HUB = "uk.safeguarding.hub";
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(HUB);

    @Test
    void packagesHaveNoCycles() {
        slices().matching(HUB + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void eachPackageUsesOnlyThoseBelowIt() {
        ArchRule layers = layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("vault")
                .definedBy(HUB + ".vault..")
                .layer("message")
                .definedBy(HUB + ".message..")
                .layer("audit")
                .definedBy(HUB + ".audit..")
                .layer("governance")
                .definedBy(HUB + ".governance..")
                .layer("register")
                .definedBy(HUB + ".register..")
                .layer("intake")
                .definedBy(HUB + ".intake..")
                .layer("policy")
                .definedBy(HUB + ".policy..")
                .layer("protect")
                .definedBy(HUB + ".protect..")
                .layer("delivery")
                .definedBy(HUB + ".delivery..")
                .layer("explain")
                .definedBy(HUB + ".explain..")
                .layer("mesh")
                .definedBy(HUB + ".mesh..")
                .layer("retention")
                .definedBy(HUB + ".retention..")
                .layer("operations")
                .definedBy(HUB + ".operations..")
                .layer("review")
                .definedBy(HUB + ".review..")
                .layer("report")
                .definedBy(HUB + ".report..")
                .layer("tools")
                .definedBy(HUB + ".tools..")
                .layer("console")
                .definedBy(HUB + ".console..")
                .layer("system")
                .definedBy(HUB + ".system..")
                .layer("application")
                .definedBy(HUB)
                .whereLayer("application")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("system")
                .mayOnlyBeAccessedByLayers("application")
                .whereLayer("console")
                .mayOnlyBeAccessedByLayers("system")
                .whereLayer("tools")
                .mayOnlyBeAccessedByLayers("system", "application")
                .whereLayer("explain")
                .mayOnlyBeAccessedByLayers("console", "system")
                .whereLayer("mesh")
                .mayOnlyBeAccessedByLayers("console", "system")
                .whereLayer("operations")
                .mayOnlyBeAccessedByLayers("console", "system")
                .whereLayer("report")
                .mayOnlyBeAccessedByLayers("console", "system")
                .whereLayer("review")
                .mayOnlyBeAccessedByLayers("report", "console", "system")
                .whereLayer("delivery")
                .mayOnlyBeAccessedByLayers(
                        "explain", "mesh", "retention", "operations", "review", "report", "console", "system")
                .whereLayer("protect")
                .mayOnlyBeAccessedByLayers("delivery", "tools", "system")
                .whereLayer("policy")
                .mayOnlyBeAccessedByLayers(
                        "protect", "delivery", "explain", "retention", "review", "report", "tools", "console", "system")
                .whereLayer("intake")
                .mayOnlyBeAccessedByLayers(
                        "explain", "mesh", "retention", "operations", "review", "tools", "console", "system")
                .whereLayer("register")
                .mayOnlyBeAccessedByLayers(
                        "retention",
                        "report",
                        "intake",
                        "policy",
                        "protect",
                        "delivery",
                        "explain",
                        "mesh",
                        "operations",
                        "review",
                        "tools",
                        "console",
                        "system")
                .whereLayer("retention")
                .mayOnlyBeAccessedByLayers("operations", "console", "system")
                .whereLayer("governance")
                .mayOnlyBeAccessedByLayers("register", "policy", "explain", "console", "system")
                .whereLayer("audit")
                .mayOnlyBeAccessedByLayers(
                        "retention",
                        "governance",
                        "register",
                        "intake",
                        "policy",
                        "protect",
                        "delivery",
                        "explain",
                        "mesh",
                        "operations",
                        "review",
                        "report",
                        "console",
                        "system")
                .whereLayer("vault")
                .mayOnlyBeAccessedByLayers(
                        "intake",
                        "delivery",
                        "mesh",
                        "register",
                        "audit",
                        "retention",
                        "explain",
                        "report",
                        "operations",
                        "review",
                        "tools",
                        "console",
                        "system")
                .whereLayer("message")
                .mayOnlyBeAccessedByLayers(
                        "retention",
                        "register",
                        "intake",
                        "policy",
                        "protect",
                        "delivery",
                        "explain",
                        "mesh",
                        "operations",
                        "review",
                        "report",
                        "tools",
                        "console",
                        "system");
        layers.check(CLASSES);
    }

    /**
     * The wiring is sorted by concern: {@code system.host} (the process's files, home, ports, development PKI and
     * start checks) uses no other part of it; {@code system.web} (HTTP security, sign-in, the access audit) and
     * {@code system.broker} (the broker's layout, security and TLS) use host only, never each other; the beans
     * that tie them together are in {@code system} itself. A capability's own code lives with it (the broker's
     * collection plugin in delivery, the agency-seen filter in operations, the MLLP listener in intake).
     */
    @Test
    void theWiringIsSortedByConcern() {
        String system = HUB + ".system";
        noClasses()
                .that()
                .resideInAPackage(system + ".host..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(system, system + ".web..", system + ".broker..")
                .check(CLASSES);
        noClasses()
                .that()
                .resideInAPackage(system + ".web..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(system, system + ".broker..")
                .check(CLASSES);
        noClasses()
                .that()
                .resideInAPackage(system + ".broker..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(system, system + ".web..")
                .check(CLASSES);
    }
}

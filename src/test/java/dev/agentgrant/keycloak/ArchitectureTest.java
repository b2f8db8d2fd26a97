package dev.agentgrant.keycloak;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The extension's shape, checked on its compiled classes: capabilities stacked in layers that only depend downwards —
 * support ← attestation ← agent ← notice / signal ← grant ← delegation ← approval / exchange / introspection / console ←
 * rest — and no import cycle between any two packages, at any depth.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.agentgrant.keycloak";
    private static JavaClasses mainClasses;

    @BeforeAll
    static void importMainClasses() {
        mainClasses = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(ROOT);
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(mainClasses);
    }

    @Test
    void layersOnlyDependDownwards() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("rest")
                .definedBy(ROOT + ".rest..")
                .layer("console")
                .definedBy(ROOT + ".console..")
                .layer("approval")
                .definedBy(ROOT + ".approval..")
                .layer("exchange")
                .definedBy(ROOT + ".exchange..")
                .layer("introspection")
                .definedBy(ROOT + ".introspection..")
                .layer("delegation")
                .definedBy(ROOT + ".delegation..")
                .layer("grant")
                .definedBy(ROOT + ".grant..")
                .layer("tasktoken")
                .definedBy(ROOT + ".tasktoken..")
                .layer("notice")
                .definedBy(ROOT + ".notice..")
                .layer("signal")
                .definedBy(ROOT + ".signal..")
                .layer("agent")
                .definedBy(ROOT + ".agent..")
                .layer("attestation")
                .definedBy(ROOT + ".attestation..")
                .layer("support")
                .definedBy(ROOT + ".support..")
                .whereLayer("rest")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("console")
                .mayOnlyBeAccessedByLayers("rest")
                .whereLayer("approval")
                .mayOnlyBeAccessedByLayers("rest")
                .whereLayer("exchange")
                .mayOnlyBeAccessedByLayers("rest")
                .whereLayer("introspection")
                .mayOnlyBeAccessedByLayers("rest")
                .whereLayer("delegation")
                .mayOnlyBeAccessedByLayers("exchange", "introspection", "rest")
                .whereLayer("grant")
                .mayOnlyBeAccessedByLayers("delegation", "approval", "exchange", "introspection", "rest")
                .whereLayer("tasktoken")
                .mayOnlyBeAccessedByLayers("grant", "delegation", "exchange", "introspection", "rest")
                .whereLayer("notice")
                .mayOnlyBeAccessedByLayers("grant", "delegation", "approval", "exchange", "introspection", "rest")
                .whereLayer("signal")
                .mayOnlyBeAccessedByLayers(
                        "grant", "delegation", "approval", "exchange", "introspection", "console", "rest")
                .whereLayer("agent")
                .mayOnlyBeAccessedByLayers("grant", "delegation", "approval", "exchange", "introspection", "rest")
                .whereLayer("attestation")
                .mayOnlyBeAccessedByLayers(
                        "agent", "grant", "delegation", "approval", "exchange", "introspection", "rest")
                .whereLayer("support")
                .mayOnlyBeAccessedByLayers(
                        "attestation",
                        "agent",
                        "tasktoken",
                        "notice",
                        "signal",
                        "grant",
                        "delegation",
                        "approval",
                        "exchange",
                        "introspection",
                        "console",
                        "rest")
                .check(mainClasses);
    }

    @Test
    void everyMainClassLivesInALayer() {
        classes()
                .should()
                .resideInAnyPackage(
                        ROOT + ".rest..",
                        ROOT + ".console..",
                        ROOT + ".approval..",
                        ROOT + ".exchange..",
                        ROOT + ".introspection..",
                        ROOT + ".delegation..",
                        ROOT + ".grant..",
                        ROOT + ".tasktoken..",
                        ROOT + ".notice..",
                        ROOT + ".signal..",
                        ROOT + ".agent..",
                        ROOT + ".attestation..",
                        ROOT + ".support..")
                .check(mainClasses);
    }
}

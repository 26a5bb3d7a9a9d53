package io.punchcard.loyalty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.helidon.config.Config;

import io.punchcard.loyalty.access.Actor;
import io.punchcard.loyalty.program.Checked;
import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.ProgramFile;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.platform.StartupException;

/**
 * The program set up from a file at start: {@code program.yaml} in the working folder, or the file
 * {@code program.file} ({@code PROGRAM_FILE}) names. It is checked like {@code PUT /api/v1/program} before anything
 * starts, and saved as the first version when the database has no program yet. On a later start a file that differs
 * from the program in force is not applied over it (the program may have been changed through the API since): that
 * is said in the log and the banner, with the way to apply it, {@code program.apply=true} ({@code PROGRAM_APPLY}),
 * which saves it as the next version.
 */
public final class ProgramSetup {

    /** The file looked for in the working folder when none is named. */
    public static final String DEFAULT_FILE = "program.yaml";

    private static final System.Logger LOG = System.getLogger(ProgramSetup.class.getName());

    private final Path file;
    private final Program program;
    private final boolean apply;

    private ProgramSetup(Path file, Program program, boolean apply) {
        this.file = file;
        this.program = program;
        this.apply = apply;
    }

    /**
     * The file {@code config} names ({@code program.file}, else {@code program.yaml} when present), read and checked.
     *
     * @throws StartupException when a named file is missing, or the file is not a valid program (every error with
     *                          its field and line)
     */
    public static ProgramSetup from(Config config) {
        boolean apply = config.get("program.apply").asBoolean().orElse(false);
        Path file = config.get("program.file").asString().map(String::strip).filter(s -> !s.isEmpty()).map(Path::of)
                .orElse(null);
        if (file == null) {
            Path fallback = Path.of(DEFAULT_FILE);
            if (!Files.isRegularFile(fallback)) {
                return new ProgramSetup(null, null, false);
            }
            file = fallback;
        }
        return new ProgramSetup(file, read(file), apply);
    }

    /** The program in {@code file}, or a start-up error listing everything wrong with it. */
    public static Program read(Path file) {
        String text;
        try {
            if (Files.size(file) > ProgramFile.MAX_CHARS * 4L) {
                throw new StartupException(file + " is too large for a program file.");
            }
            text = Files.readString(file);
        } catch (IOException e) {
            throw new StartupException("Cannot read the program file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return switch (ProgramFile.parse(text, file.getFileName().toString())) {
            case Checked.Ok<Program> ok -> ok.value();
            case Checked.Invalid<Program> invalid -> throw new StartupException("The program file "
                    + file.toAbsolutePath() + " is not a valid program; nothing was started or saved:\n  "
                    + String.join("\n  ", ProgramFile.describe(invalid.violations())));
        };
    }

    /** The program a database with none starts with; null when no file is set up (the default program then). */
    public Program firstProgram() {
        return program;
    }

    /**
     * Once the core has started on {@link #firstProgram()}: what became of the file, for the banner; applies it
     * over a different program in force only when asked to.
     */
    public List<String> afterStart(LoyaltyService core) {
        if (program == null) {
            return List.of();
        }
        String name = file.toString();
        if (core.seededFirstProgram()) {
            return List.of("Program     set up from " + name + " (version 1)");
        }
        Programs.Versioned current = core.programs().current();
        if (current.program().equals(program)) {
            return List.of("Program     version " + current.version() + ", as in " + name);
        }
        if (apply) {
            return switch (core.programs().save(program, Actor.PROGRAM_FILE)) {
                case Programs.Accepted accepted -> {
                    LOG.log(System.Logger.Level.INFO, name + " applied over version " + current.version() + " as version "
                            + accepted.version().version() + ".");
                    yield List.of("Program     " + name + " applied as version " + accepted.version().version()
                            + " (program.apply); set it back to false so a later start does not apply it again");
                }
                case Programs.Rejected rejected -> throw new StartupException("The program file " + name
                        + " cannot be applied: " + String.join("; ", ProgramFile.describe(rejected.violations())));
                case Programs.Conflict conflict -> throw new IllegalStateException("Saved without a version to match");
            };
        }
        String warning = name + " differs from the program in force (version " + current.version() + ", perhaps "
                + "changed through the API since) and is not applied over it. To apply it, start once with "
                + "PROGRAM_APPLY=true (program.apply) and it is saved as version " + (current.version() + 1)
                + "; or remove the file to stop this message.";
        LOG.log(System.Logger.Level.WARNING, warning);
        return List.of("Program     version " + current.version() + " in force; " + name + " differs and was NOT applied "
                + "(PROGRAM_APPLY=true applies it)");
    }
}

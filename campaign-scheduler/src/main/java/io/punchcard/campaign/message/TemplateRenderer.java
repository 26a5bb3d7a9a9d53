package io.punchcard.campaign.message;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.DefaultMustacheVisitor;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheVisitor;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.reflect.MapObjectHandler;

/**
 * Renders a {@link MessageTemplate} for one member with Mustache, and checks a template before it is saved.
 * Pure: no I/O, no clock; partials are refused, so nothing is ever read from disk.
 *
 * <p>Variables are HTML-escaped in the HTML body only; subjects, text bodies and SMS are plain text, where
 * an escaped {@code &amp;} would reach the member literally. Triple mustaches ({@code {{{x}}}}) are refused
 * in HTML because the member's given name is theirs to type. The values come from {@link FactValues}, which
 * documents the variables; they are strings, never functions, so no template can call code (no lambdas).
 */
public final class TemplateRenderer {

    /** Every variable a template may use; {@link #check} names any other. */
    public static final Set<String> VARIABLES = FactValues.NAMES;

    /** Lists what keeps {@code template} from being saved: compile errors, partials, unknown variables. */
    public List<TemplateProblem> check(MessageTemplate template) {
        List<TemplateProblem> problems = new ArrayList<>();
        template.variants().forEach((tag, variant) -> {
            for (Part part : parts(template.channel(), tag, variant)) {
                try {
                    Compiled compiled = compile(part);
                    for (Variable variable : compiled.variables()) {
                        if (!known(variable.name())) {
                            problems.add(new TemplateProblem(part.field(), variable.line(),
                                    "unknown variable '" + variable.name() + "'; known are " + new TreeSet<>(VARIABLES)));
                        }
                    }
                } catch (Refusal refusal) {
                    problems.add(refusal.problem);
                }
            }
        });
        return List.copyOf(problems);
    }

    /**
     * Renders the variant for the member's language: the exact tag ({@code pt-BR}), else its language
     * ({@code pt}), else the template's fallback. Plurals and dates follow the variant's language, so a
     * German fallback never carries a Polish plural.
     */
    public Rendering render(MessageTemplate template, TemplateFacts facts) {
        String language = chooseLanguage(template, facts.language());
        TemplateVariant variant = template.variants().get(language);
        Map<String, Object> values = FactValues.of(facts, Locale.forLanguageTag(language));
        SortedSet<String> missing = new TreeSet<>();
        String[] rendered = new String[3];
        List<Part> parts = parts(template.channel(), language, variant);
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            Compiled compiled;
            try {
                compiled = compile(part);
            } catch (Refusal refusal) {
                return new Rendering.Refused(List.of(refusal.problem));
            }
            for (Variable variable : compiled.variables()) {
                if (!".".equals(variable.name()) && !values.containsKey(variable.name())) {
                    missing.add(variable.name());
                }
            }
            StringWriter out = new StringWriter();
            compiled.mustache().execute(out, values);
            rendered[part.slot()] = out.toString();
        }
        return new Rendering.Rendered(language, !language.equals(exactOrLanguageMatch(template, facts.language())),
                rendered[0], rendered[1], rendered[2], missing);
    }

    /** The variant tag used for a member of {@code language}. */
    static String chooseLanguage(MessageTemplate template, Locale language) {
        String match = exactOrLanguageMatch(template, language);
        return match != null ? match : template.fallbackLanguage();
    }

    private static String exactOrLanguageMatch(MessageTemplate template, Locale language) {
        String exact = language.toLanguageTag();
        if (template.variants().containsKey(exact)) {
            return exact;
        }
        String bare = language.getLanguage();
        return template.variants().containsKey(bare) ? bare : null;
    }

    private static boolean known(String name) {
        return ".".equals(name) || VARIABLES.contains(name);
    }

    private record Part(String field, String source, boolean html, int slot) {
    }

    private static List<Part> parts(Channel channel, String tag, TemplateVariant variant) {
        String prefix = "variants." + tag + ".";
        List<Part> parts = new ArrayList<>(3);
        if (channel == Channel.EMAIL) {
            parts.add(new Part(prefix + "subject", variant.subject(), false, 0));
        }
        parts.add(new Part(prefix + "textBody", variant.textBody(), false, 1));
        if (channel == Channel.EMAIL) {
            parts.add(new Part(prefix + "htmlBody", variant.htmlBody(), true, 2));
        }
        return parts;
    }

    private record Variable(String name, int line) {
    }

    private record Compiled(Mustache mustache, List<Variable> variables) {
    }

    /** Carries a problem out of Mustache's visitor callbacks. */
    private static final class Refusal extends RuntimeException {
        private final TemplateProblem problem;

        Refusal(TemplateProblem problem) {
            super(problem.message(), null, false, false);
            this.problem = problem;
        }
    }

    /**
     * Compiled parts, by their text: a campaign renders one template for every member, and compiling it each time
     * would cost more than rendering. Bounded; beyond it the cache starts afresh. A compiled Mustache is immutable
     * and renders on several threads at once.
     */
    private static final int MAX_COMPILED = 2_000;
    private static final java.util.concurrent.ConcurrentHashMap<Part, Compiled> COMPILED =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static Compiled compile(Part part) {
        Compiled known = COMPILED.get(part);
        if (known != null) {
            return known;
        }
        Compiled compiled = compileNow(part);
        if (COMPILED.size() >= MAX_COMPILED) {
            COMPILED.clear();
        }
        COMPILED.put(part, compiled);
        return compiled;
    }

    private static Compiled compileNow(Part part) {
        StrictFactory factory = new StrictFactory(part);
        try {
            Mustache mustache = factory.compile(new StringReader(part.source()), part.field());
            return new Compiled(mustache, List.copyOf(factory.variables));
        } catch (Refusal refusal) {
            throw refusal;
        } catch (MustacheException e) {
            if (e.getCause() instanceof Refusal refusal) {
                throw refusal;
            }
            TemplateContext context = e.getContext();
            throw new Refusal(new TemplateProblem(part.field(), context == null ? 0 : context.line(),
                    "the template does not compile: " + withoutPlace(e.getMessage(), part.field())));
        }
    }

    /** Mustache appends " @[field:line]" or " in field:line"; the problem carries both already. */
    private static String withoutPlace(String message, String field) {
        if (message == null) {
            return "syntax error";
        }
        int at = message.indexOf(" @[");
        String text = at < 0 ? message : message.substring(0, at);
        int in = text.indexOf(" in " + field + ":");
        return in < 0 ? text : text.substring(0, in);
    }

    /**
     * A factory per compilation: it collects the variables the template names and refuses what a
     * logic-less message must not do. Mustache asks the factory for a new visitor per nested section, so the
     * collection lives here rather than in the visitor.
     */
    private static final class StrictFactory extends DefaultMustacheFactory {
        private final Part part;
        private final List<Variable> variables = new ArrayList<>();

        StrictFactory(Part part) {
            // A resolver that finds nothing: a template never reaches a file or the classpath.
            super(resourceName -> null);
            // Values are looked up in maps only: the reflective default would let {{#givenName}}{{bytes}}{{/givenName}}
            // call String.getBytes(), and an unchecked draft can still be previewed.
            setObjectHandler(new MapObjectHandler());
            this.part = part;
        }

        @Override
        public void encode(String value, Writer writer) {
            if (part.html()) {
                super.encode(value, writer);
                return;
            }
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public MustacheVisitor createMustacheVisitor() {
            return new DefaultMustacheVisitor(this) {
                @Override
                public void iterable(TemplateContext tc, String variable, Mustache mustache) {
                    variables.add(new Variable(variable, tc.line()));
                    super.iterable(tc, variable, mustache);
                }

                @Override
                public void notIterable(TemplateContext tc, String variable, Mustache mustache) {
                    variables.add(new Variable(variable, tc.line()));
                    super.notIterable(tc, variable, mustache);
                }

                @Override
                public void value(TemplateContext tc, String variable, boolean encoded) {
                    if (part.html() && !encoded) {
                        throw refuse(tc, "'" + variable + "' is inserted unescaped ({{{ }}} or {{& }}) in HTML; use {{"
                                + variable + "}}");
                    }
                    variables.add(new Variable(variable, tc.line()));
                    super.value(tc, variable, encoded);
                }

                @Override
                public void partial(TemplateContext tc, String variable, String indent) {
                    throw refuse(tc, "partials ({{> " + variable + "}}) are not allowed; a template stands alone");
                }

                @Override
                public void dynamicPartial(TemplateContext tc, String variable, String indent) {
                    partial(tc, "*" + variable, indent);
                }

                @Override
                public void extend(TemplateContext tc, String variable, Mustache mustache) {
                    throw refuse(tc, "template inheritance ({{< " + variable + "}}) is not allowed; a template stands alone");
                }

                @Override
                public void pragma(TemplateContext tc, String pragma, String args) {
                    throw refuse(tc, "pragmas ({{% " + pragma + "}}) are not allowed");
                }
            };
        }

        private Refusal refuse(TemplateContext tc, String message) {
            return new Refusal(new TemplateProblem(part.field(), tc.line(), message));
        }
    }
}

package io.orderflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the relative links of every Markdown file of the repository: each must lead to a file (or a folder) of the
 * repository, and an anchor into a Markdown file must name one of its headings. Links to other sites
 * ({@code http:}, {@code https:}, {@code mailto:}) and links to a heading of the same file ({@code #...}) are left
 * alone, and so is anything inside code.
 *
 * <p>The repository's files are those git knows: tracked, or new and not ignored, so that a link to a file that
 * {@code .gitignore} keeps out (a run's log, say) fails although the file may exist on this machine. Without git
 * (a copy of the sources without {@code .git}), every file on disk outside {@code target/}, {@code node_modules/}
 * and {@code .git/} counts.
 */
class MarkdownLinksTests {

    private static final Path REPO_ROOT =
            Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();

    /** Folders that hold no file of the repository: build output, installed packages, git's own, local state. */
    private static final Set<String> SKIPPED_FOLDERS = Set.of("target", "node_modules", ".git", ".orderflow");

    /** {@code [text](destination)}, {@code [text](destination "title")} and images; text may hold one level of []. */
    private static final Pattern INLINE_LINK = Pattern.compile(
            "!?\\[(?:[^\\[\\]]|\\[[^\\[\\]]*])*]\\(\\s*(<[^>\\n]*>|[^\\s()]+)(?:\\s+(?:\"[^\"]*\"|'[^']*'))?\\s*\\)");

    /** {@code [label]: destination}, a reference definition at the start of a line. */
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("(?m)^ {0,3}\\[[^\\]]+]:\\s*(<[^>\\n]*>|\\S+)");

    /** A URI scheme ({@code http:}, {@code mailto:}, ...): not a file of the repository. */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private static final Pattern FENCE = Pattern.compile("^\\s*(`{3,}|~{3,})");
    /** A code span: a run of backticks, anything but a blank line, the same run again. */
    private static final Pattern CODE_SPAN =
            Pattern.compile("(?<!`)(`+)(?!`)((?:(?!\\n[ \\t]*\\n)[\\s\\S])*?)(?<!`)\\1(?!`)");
    private static final Pattern ATX_HEADING = Pattern.compile("(?m)^ {0,3}#{1,6}[ \\t]+(.*?)(?:[ \\t]+#+)?[ \\t]*$");

    private static Set<Path> repositoryFiles;
    private static List<Path> markdownFiles;

    @BeforeAll
    static void findTheRepositoryFiles() throws IOException, InterruptedException {
        repositoryFiles = new TreeSet<>(gitFiles().orElseGet(MarkdownLinksTests::filesOnDisk));
        markdownFiles = repositoryFiles.stream()
                .filter(file -> file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".md"))
                .toList();
    }

    @Test
    void everyRelativeLinkInEveryMarkdownFileResolvesToAFileInTheRepository() {
        assertThat(markdownFiles).as("Markdown files of the repository").contains(REPO_ROOT.resolve("README.md"));
        List<String> broken = new ArrayList<>();
        for (Path file : markdownFiles) {
            for (Link link : relativeLinks(read(file))) {
                if (resolve(file, link).isEmpty()) {
                    broken.add(REPO_ROOT.relativize(file) + ":" + link.line() + ": (" + link.destination()
                            + ") leads to no file of the repository");
                }
            }
        }
        assertThat(broken).as("links to files that are not in the repository").isEmpty();
    }

    @Test
    void everyAnchorOfALinkToAMarkdownFileNamesAHeadingOfThatFile() {
        Map<Path, Set<String>> anchorsByFile = new HashMap<>();
        List<String> broken = new ArrayList<>();
        for (Path file : markdownFiles) {
            for (Link link : relativeLinks(read(file))) {
                Optional<Path> target = resolve(file, link);
                if (link.anchor().isEmpty() || target.isEmpty() || !target.get().toString().endsWith(".md")
                        || Files.isDirectory(target.get())) {
                    continue;
                }
                Set<String> anchors = anchorsByFile.computeIfAbsent(target.get(), md -> headingAnchors(read(md)));
                if (!anchors.contains(link.anchor().toLowerCase(Locale.ROOT))) {
                    broken.add(REPO_ROOT.relativize(file) + ":" + link.line() + ": (" + link.destination()
                            + ") names no heading of " + REPO_ROOT.relativize(target.get()));
                }
            }
        }
        assertThat(broken).as("anchors that name no heading").isEmpty();
    }

    @Test
    void theCheckReadsLinksAsGitHubDoesAndLeavesCodeAndOtherSitesAlone() {
        String markdown = """
                # A title

                See [the guide](docs/guide.md#two-words), ![a chart](chart.html "Chart") and
                [a link whose text
                breaks a line](../other.md). [Another site](https://example.org/x.md), [mail](mailto:a@b.c),
                [this page](#a-title), `[in code](code.md)` and ``[`nested`](nested.md)``.

                ```bash
                echo "[in a block](block.md)"
                ```

                [ref]: <with space.md>
                """;

        assertThat(relativeLinks(markdown)).extracting(Link::destination)
                .containsExactly("docs/guide.md#two-words", "chart.html", "../other.md", "with space.md");
        assertThat(relativeLinks(markdown)).extracting(Link::line).containsExactly(3, 3, 4, 12);
        assertThat(relativeLinks(markdown).getFirst().anchor()).isEqualTo("two-words");
        assertThat(headingAnchors("""
                # What changed, before → after
                ## Each stage alone (`--mode stages`)
                ## Notes
                ## Notes
                ```
                # not a heading
                ```
                """)).containsExactlyInAnyOrder(
                        "what-changed-before--after", "each-stage-alone---mode-stages", "notes", "notes-1");
    }

    /** A link as written in a file: its destination, split into path and anchor, and the line it starts on. */
    record Link(String destination, String path, String anchor, int line) {

        static Link of(String destination, int line) {
            int hash = destination.indexOf('#');
            String path = hash < 0 ? destination : destination.substring(0, hash);
            String anchor = hash < 0 ? "" : destination.substring(hash + 1);
            return new Link(destination, URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8),
                    URLDecoder.decode(anchor.replace("+", "%2B"), StandardCharsets.UTF_8), line);
        }
    }

    /** The relative links of a Markdown text, in order, outside code blocks and code spans. */
    static List<Link> relativeLinks(String markdown) {
        String prose = withoutCode(markdown);
        List<Link> links = new ArrayList<>();
        for (Pattern pattern : List.of(INLINE_LINK, REFERENCE_DEFINITION)) {
            Matcher matcher = pattern.matcher(prose);
            while (matcher.find()) {
                String destination = matcher.group(1).trim();
                if (destination.startsWith("<") && destination.endsWith(">")) {
                    destination = destination.substring(1, destination.length() - 1).trim();
                }
                if (destination.isEmpty() || destination.startsWith("#") || SCHEME.matcher(destination).find()) {
                    continue;
                }
                links.add(Link.of(destination, lineOf(prose, matcher.start())));
            }
        }
        links.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return links;
    }

    /** The anchors GitHub gives the headings of a Markdown text. */
    static Set<String> headingAnchors(String markdown) {
        Set<String> anchors = new TreeSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher heading = ATX_HEADING.matcher(blankFencedBlocks(markdown));
        while (heading.find()) {
            String text = heading.group(1)
                    .replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1")   // a link counts by its text
                    .replace("`", "")
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
                    .replace(' ', '-');
            int count = seen.merge(text, 1, Integer::sum);
            anchors.add(count == 1 ? text : text + "-" + (count - 1));
        }
        return anchors;
    }

    /** The text with fenced code blocks and code spans blanked out; lines stay where they were. */
    private static String withoutCode(String markdown) {
        String withoutBlocks = blankFencedBlocks(markdown);
        Matcher span = CODE_SPAN.matcher(withoutBlocks);
        StringBuilder prose = new StringBuilder();
        while (span.find()) {
            span.appendReplacement(prose, Matcher.quoteReplacement(span.group().replaceAll("[^\\n]", " ")));
        }
        span.appendTail(prose);
        return prose.toString();
    }

    private static String blankFencedBlocks(String markdown) {
        StringBuilder out = new StringBuilder();
        String fence = null;
        for (String line : markdown.split("\n", -1)) {
            Matcher opening = FENCE.matcher(line);
            if (fence == null && opening.find()) {
                fence = opening.group(1);
                out.append('\n');
            }
            else if (fence != null) {
                char fenceChar = fence.charAt(0);
                if (line.strip().startsWith(fence) && line.strip().chars().allMatch(c -> c == fenceChar)) {
                    fence = null;
                }
                out.append('\n');
            }
            else {
                out.append(line).append('\n');
            }
        }
        return out.substring(0, out.length() - 1);
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The file or folder of the repository a link leads to, if there is one. */
    private static Optional<Path> resolve(Path from, Link link) {
        if (link.path().isEmpty()) {
            return Optional.empty();
        }
        Path target = link.path().startsWith("/")
                ? REPO_ROOT.resolve(link.path().substring(1)).normalize()
                : from.getParent().resolve(link.path()).normalize();
        if (repositoryFiles.contains(target)) {
            return Optional.of(target);
        }
        boolean folderWithFiles = target.startsWith(REPO_ROOT)
                && repositoryFiles.stream().anyMatch(file -> file.startsWith(target) && !file.equals(target));
        return folderWithFiles ? Optional.of(target) : Optional.empty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).replace("\r\n", "\n");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The files git counts as the repository's (tracked, or new and not ignored), or nothing without git. */
    private static Optional<Set<Path>> gitFiles() throws IOException, InterruptedException {
        if (!Files.exists(REPO_ROOT.resolve(".git"))) {
            return Optional.empty();
        }
        Process git;
        try {
            git = new ProcessBuilder("git", "-C", REPO_ROOT.toString(), "ls-files", "-z", "--cached", "--others",
                    "--exclude-standard")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        }
        catch (IOException noGit) {
            return Optional.empty();
        }
        byte[] output = git.getInputStream().readAllBytes();
        if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
            return Optional.empty();
        }
        Set<Path> files = new TreeSet<>();
        for (String name : new String(output, StandardCharsets.UTF_8).split("\0")) {
            Path file = REPO_ROOT.resolve(name).normalize();
            // a deleted file that git still tracks is not there to be linked
            if (!name.isEmpty() && !inSkippedFolder(file) && Files.isRegularFile(file)) {
                files.add(file);
            }
        }
        return Optional.of(files);
    }

    private static Set<Path> filesOnDisk() {
        Set<Path> files = new TreeSet<>();
        try {
            Files.walkFileTree(REPO_ROOT, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return !dir.equals(REPO_ROOT) && SKIPPED_FOLDERS.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        files.add(file.normalize());
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return files;
    }

    private static boolean inSkippedFolder(Path file) {
        for (Path part : REPO_ROOT.relativize(file)) {
            if (SKIPPED_FOLDERS.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }
}

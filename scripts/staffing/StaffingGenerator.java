import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic generator of the staffing demo data set: {@code candidate}, {@code job_order}, {@code placement} and
 * {@code timesheet} NDJSON files, valid against the shipped contracts (validation/src/main/resources/contracts/).
 *
 * <pre>
 *   java scripts/staffing/StaffingGenerator.java --candidates 10000 --seed 7 --out DIR
 *        [--job-orders N] [--placements N] [--invalid-rate 0.01] [--datasets candidate,job_order,...]
 * </pre>
 *
 * Same flags, same bytes: every value comes from one seeded {@link SplittableRandom} per dataset, and timestamps are
 * formatted by hand (LocalDateTime.toString() drops ":00" seconds, which RFC 3339 does not allow). With
 * {@code --invalid-rate R} about R of the records of each dataset get one realistic defect (a missing required field,
 * a wrong type, a bad date or email, an unknown property, a value outside its enum or range).
 *
 * <p>Writes DIR/&lt;dataset&gt;.ndjson and prints one summary line per file on stdout. Exit 2 on a usage error.
 */
public final class StaffingGenerator {
    static final String[] FIRST = {"James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda",
            "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
            "Carlos", "Maria", "Wei", "Aisha", "Hiroshi", "Priya", "Olga", "Kwame", "Sofia", "Mateo", "Fatima",
            "Noah", "Emma", "Liam", "Ava", "Lucas", "Mia", "Ethan", "Zoe", "Omar", "Chloe", "Ivan"};
    static final String[] LAST = {"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
            "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
            "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Nguyen",
            "Patel", "Kim", "Chen", "Okafor", "Kowalski", "Novak", "Silva", "Rossi", "Muller", "Sato", "Ali", "Khan"};
    static final String[][] CITIES = {{"New York", "NY", "100"}, {"Buffalo", "NY", "142"}, {"Los Angeles", "CA", "900"},
            {"San Diego", "CA", "921"}, {"San Jose", "CA", "951"}, {"Chicago", "IL", "606"}, {"Houston", "TX", "770"},
            {"Austin", "TX", "787"}, {"Dallas", "TX", "752"}, {"Phoenix", "AZ", "850"}, {"Philadelphia", "PA", "191"},
            {"Pittsburgh", "PA", "152"}, {"Columbus", "OH", "432"}, {"Cleveland", "OH", "441"},
            {"Indianapolis", "IN", "462"}, {"Seattle", "WA", "981"}, {"Denver", "CO", "802"}, {"Boston", "MA", "021"},
            {"Nashville", "TN", "372"}, {"Detroit", "MI", "482"}, {"Portland", "OR", "972"}, {"Atlanta", "GA", "303"},
            {"Miami", "FL", "331"}, {"Tampa", "FL", "336"}, {"Charlotte", "NC", "282"}, {"Raleigh", "NC", "276"},
            {"Minneapolis", "MN", "554"}, {"St. Louis", "MO", "631"}, {"Salt Lake City", "UT", "841"},
            {"Las Vegas", "NV", "891"}, {"Baltimore", "MD", "212"}, {"Milwaukee", "WI", "532"},
            {"Albuquerque", "NM", "871"}, {"Honolulu", "HI", "968"}, {"Anchorage", "AK", "995"},
            {"Newark", "NJ", "071"}, {"Richmond", "VA", "232"}, {"Washington", "DC", "200"}};
    static final String[] STREETS = {"Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Park Blvd", "Elm St",
            "Washington Ave", "Lake Rd", "Hill St", "Sunset Blvd", "River Rd", "2nd Ave", "Pine St", "Church St"};
    static final String[] SKILLS = {"java", "python", "sql", "excel", "forklift", "welding", "cnc", "nursing",
            "phlebotomy", "customer_service", "sales", "accounting", "payroll", "quickbooks", "aws", "kubernetes",
            "react", "typescript", "spring", "data_entry", "bilingual_spanish", "cdl_a", "osha_10", "electrical",
            "plumbing", "hvac", "carpentry", "project_management", "scrum", "salesforce", "tableau", "cobol",
            "warehouse", "shipping", "inventory", "cpr", "medical_billing", "legal_research", "bookkeeping", "sap"};
    static final String[] TITLES = {"Software Engineer", "Data Analyst", "Registered Nurse", "Forklift Operator",
            "Warehouse Associate", "Accountant", "Payroll Specialist", "Welder", "CNC Machinist",
            "Customer Service Rep", "Project Manager", "HVAC Technician", "Electrician", "Medical Biller",
            "Administrative Assistant", "DevOps Engineer", "Truck Driver", "Paralegal", "Bookkeeper", "QA Tester"};
    static final String[] CLIENT_WORDS = {"Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka",
            "Hooli", "Vandelay", "Soylent", "Tyrell", "Cyberdyne", "Massive", "Aperture", "Gringotts", "Oscorp"};
    static final String[] CLIENT_SUFFIX = {"Industries", "Logistics", "Health", "Manufacturing", "Labs", "Foods",
            "Systems", "Partners", "Holdings", "Retail"};
    static final String[] CAND_STATUS = {"active", "active", "active", "placed", "placed", "inactive",
            "do_not_contact"};
    static final String[] JOB_STATUS = {"open", "open", "open", "on_hold", "filled", "cancelled", "closed"};
    static final String[] EMPLOYMENT = {"contract", "contract_to_hire", "direct_hire", "temp"};
    static final String[] PLACEMENT_STATUS = {"pending", "active", "active", "active", "completed", "terminated"};
    static final String[] TIMESHEET_STATUS = {"draft", "submitted", "approved", "approved", "approved", "rejected",
            "paid", "paid"};
    static final String[] OFFSETS = {"Z", "Z", "Z", "-05:00", "-04:00", "-06:00", "-07:00", "-08:00", "+00:00",
            "+01:00", "+02:00", "+05:30", "+09:00", "-10:00"};
    static final int[] OFFSET_MINUTES = {0, 0, 0, -300, -240, -360, -420, -480, 0, 60, 120, 330, 540, -600};
    static final String[] RECRUITERS = {"alex", "sam", "jordan", "taylor", "morgan", "casey", "riley", "jamie"};

    /** Record times are drawn from the {@code --days} days before 2026-11-27T00:00:00Z (default: from 2025-01-01). */
    static final long EPOCH_TO = LocalDate.of(2026, 11, 27).toEpochDay() * 86_400L;
    static final int DEFAULT_DAYS = (int) (LocalDate.of(2026, 11, 27).toEpochDay() - LocalDate.of(2025, 1, 1).toEpochDay());

    public static void main(String[] args) throws IOException {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("StaffingGenerator: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        Files.createDirectories(o.out);
        long t0 = System.nanoTime();
        Generator g = new Generator(o);
        for (String dataset : o.datasets) {
            Path file = o.out.resolve(dataset + ".ndjson");
            long[] counts;
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
                counts = g.write(dataset, os);
            }
            System.out.printf(Locale.ROOT, "%s %d records (%d invalid) %d bytes%n", file, counts[0], counts[1],
                    Files.size(file));
        }
        System.err.printf(Locale.ROOT, "generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    record Options(long candidates, long jobOrders, long placements, long seed, double invalidRate, Path out,
                   List<String> datasets, int days) {
        static final String USAGE = "usage: java StaffingGenerator.java --candidates N --seed S --out DIR"
                + " [--job-orders N] [--placements N] [--invalid-rate R] [--days D]"
                + " [--datasets candidate,job_order,placement,timesheet]";
        static final List<String> ALL = List.of("candidate", "job_order", "placement", "timesheet");

        static Options parse(String[] args) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --flag value, got " + a);
                }
                m.put(a.substring(2), args[++i]);
            }
            for (String k : m.keySet()) {
                if (!List.of("candidates", "seed", "out", "job-orders", "placements", "invalid-rate", "datasets")
                        .contains(k) && !k.equals("days")) {
                    throw new IllegalArgumentException("unknown flag --" + k);
                }
            }
            if (!m.containsKey("candidates") || !m.containsKey("out")) {
                throw new IllegalArgumentException("--candidates and --out are required");
            }
            long candidates = number(m, "candidates", 0);
            long jobOrders = m.containsKey("job-orders") ? number(m, "job-orders", 0) : Math.max(1, candidates / 5);
            long placements = m.containsKey("placements") ? number(m, "placements", 0) : candidates * 3 / 10;
            long seed = m.containsKey("seed") ? Long.parseLong(m.get("seed")) : 7;
            double rate = m.containsKey("invalid-rate") ? Double.parseDouble(m.get("invalid-rate")) : 0;
            if (rate < 0 || rate > 1) {
                throw new IllegalArgumentException("--invalid-rate must be within 0..1, got " + rate);
            }
            List<String> datasets = m.containsKey("datasets") ? List.of(m.get("datasets").split(",")) : ALL;
            for (String d : datasets) {
                if (!ALL.contains(d)) {
                    throw new IllegalArgumentException("unknown dataset " + d + "; known: " + ALL);
                }
            }
            if (candidates < 1 && datasets.contains("candidate")) {
                throw new IllegalArgumentException("--candidates must be at least 1");
            }
            int days = m.containsKey("days") ? (int) number(m, "days", 14) : DEFAULT_DAYS;
            return new Options(candidates, jobOrders, placements, seed, rate, Path.of(m.get("out")), datasets, days);
        }

        private static long number(Map<String, String> m, String key, long min) {
            try {
                long v = Long.parseLong(m.get(key).replace("_", ""));
                if (v < min) {
                    throw new IllegalArgumentException("--" + key + " must be at least " + min + ", got " + v);
                }
                return v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + key + " must be a whole number, got " + m.get(key));
            }
        }
    }

    /** Ids are derived from (dataset, ordinal, seed) so that placements can point at candidates without state. */
    static final class Generator {
        private final Options o;
        private final StringBuilder b = new StringBuilder(2048);
        private final long EPOCH_FROM;

        Generator(Options o) {
            this.o = o;
            this.EPOCH_FROM = EPOCH_TO - o.days * 86_400L;
        }

        long[] write(String dataset, OutputStream os) throws IOException {
            SplittableRandom r = new SplittableRandom(o.seed * 1_000_003L + dataset.hashCode());
            long n = switch (dataset) {
                case "candidate" -> o.candidates;
                case "job_order" -> o.jobOrders;
                case "placement" -> o.placements;
                default -> o.placements;
            };
            long invalid = 0;
            long written = 0;
            byte[] buf;
            for (long i = 0; i < n; i++) {
                int perRecord = dataset.equals("timesheet") ? 1 + r.nextInt(4) : 1;
                for (int k = 0; k < perRecord; k++) {
                    b.setLength(0);
                    switch (dataset) {
                        case "candidate" -> candidate(r, i);
                        case "job_order" -> jobOrder(r, i);
                        case "placement" -> placement(r, i);
                        default -> timesheet(r, i, k);
                    }
                    if (o.invalidRate > 0 && r.nextDouble() < o.invalidRate) {
                        corrupt(r, dataset);
                        invalid++;
                    }
                    b.append('\n');
                    buf = b.toString().getBytes(StandardCharsets.UTF_8);
                    os.write(buf);
                    written++;
                }
            }
            return new long[] {written, invalid};
        }

        private void candidate(SplittableRandom r, long i) {
            String first = pick(r, FIRST);
            String last = pick(r, LAST);
            b.append("{\"candidate_id\":\"");
            uuid(o.seed, 1, i);
            b.append("\",\"first_name\":\"").append(first).append("\",\"last_name\":\"").append(last)
                    .append("\",\"email\":\"").append(first.toLowerCase(Locale.ROOT)).append('.')
                    .append(last.toLowerCase(Locale.ROOT)).append('.').append(i).append("@example.com\"");
            if (r.nextInt(10) < 9) {
                b.append(",\"phone\":\"+1");
                digits(r, 10);
                b.append('"');
            }
            String[] city = CITIES[r.nextInt(CITIES.length)];
            b.append(",\"address\":{\"street\":\"").append(100 + r.nextInt(9900)).append(' ')
                    .append(pick(r, STREETS)).append("\",\"city\":\"").append(city[0]).append("\",\"state\":\"")
                    .append(city[1]).append("\",\"zip\":\"").append(city[2]);
            digits(r, 2);
            b.append("\"},\"skills\":");
            skills(r, 1 + r.nextInt(6));
            b.append(",\"years_experience\":").append(r.nextInt(41));
            b.append(",\"desired_rate\":");
            money(r, 1500, 15000);
            b.append(",\"status\":\"").append(pick(r, CAND_STATUS)).append('"');
            long created = EPOCH_FROM + r.nextLong(EPOCH_TO - EPOCH_FROM);
            b.append(",\"available_from\":");
            if (r.nextInt(4) == 0) {
                b.append("null");
            } else {
                b.append('"');
                date(created / 86_400 + r.nextInt(120));
                b.append('"');
            }
            if (r.nextInt(3) > 0) {
                b.append(",\"linkedin_url\":\"https://www.linkedin.com/in/").append(first.toLowerCase(Locale.ROOT))
                        .append('-').append(last.toLowerCase(Locale.ROOT)).append('-').append(i).append('"');
            }
            b.append(",\"created_at\":\"");
            dateTime(r, created);
            b.append("\"}");
        }

        private void jobOrder(SplittableRandom r, long i) {
            long clients = Math.max(1, o.jobOrders / 10);
            long client = r.nextLong(clients);
            String[] city = CITIES[r.nextInt(CITIES.length)];
            b.append("{\"job_order_id\":\"");
            uuid(o.seed, 2, i);
            b.append("\",\"client_id\":\"");
            uuid(o.seed, 5, client);
            b.append("\",\"client_name\":\"").append(CLIENT_WORDS[(int) (client % CLIENT_WORDS.length)]).append(' ')
                    .append(CLIENT_SUFFIX[(int) ((client / CLIENT_WORDS.length) % CLIENT_SUFFIX.length)]);
            if (client >= CLIENT_WORDS.length * CLIENT_SUFFIX.length) {
                b.append(' ').append(client);
            }
            String title = pick(r, TITLES);
            b.append("\",\"title\":\"").append(title).append("\",\"description\":\"").append(title)
                    .append(" needed in ").append(city[0]).append(". Day shift, immediate start.\"")
                    .append(",\"location\":{\"city\":\"").append(city[0]).append("\",\"state\":\"").append(city[1])
                    .append("\"},\"remote\":").append(r.nextInt(4) == 0).append(",\"required_skills\":");
            skills(r, 1 + r.nextInt(4));
            b.append(",\"openings\":").append(1 + r.nextInt(10)).append(",\"employment_type\":\"")
                    .append(pick(r, EMPLOYMENT)).append('"');
            int payMin = 1500 + r.nextInt(4000);
            int payMax = payMin + r.nextInt(3000);
            b.append(",\"bill_rate\":");
            cents(payMax * 3 / 2);
            b.append(",\"pay_rate_min\":");
            cents(payMin);
            b.append(",\"pay_rate_max\":");
            cents(payMax);
            b.append(",\"status\":\"").append(pick(r, JOB_STATUS)).append('"');
            long created = EPOCH_FROM + r.nextLong(EPOCH_TO - EPOCH_FROM);
            long start = created / 86_400 + 7 + r.nextInt(30);
            b.append(",\"start_date\":\"");
            date(start);
            b.append("\",\"end_date\":");
            if (r.nextInt(3) == 0) {
                b.append("null");
            } else {
                b.append('"');
                date(start + 30 + r.nextInt(300));
                b.append('"');
            }
            b.append(",\"created_at\":\"");
            dateTime(r, created);
            b.append("\"}");
        }

        private void placement(SplittableRandom r, long i) {
            b.append("{\"placement_id\":\"");
            uuid(o.seed, 3, i);
            b.append("\",\"candidate_id\":\"");
            uuid(o.seed, 1, r.nextLong(Math.max(1, o.candidates)));
            b.append("\",\"job_order_id\":\"");
            uuid(o.seed, 2, r.nextLong(Math.max(1, o.jobOrders)));
            long created = EPOCH_FROM + r.nextLong(EPOCH_TO - EPOCH_FROM);
            long start = created / 86_400 + r.nextInt(21);
            b.append("\",\"start_date\":\"");
            date(start);
            b.append("\",\"end_date\":");
            if (r.nextInt(2) == 0) {
                b.append("null");
            } else {
                b.append('"');
                date(start + 14 + r.nextInt(180));
                b.append('"');
            }
            int pay = 1500 + r.nextInt(6000);
            b.append(",\"pay_rate\":");
            cents(pay);
            b.append(",\"bill_rate\":");
            cents(pay * 3 / 2);
            b.append(",\"status\":\"").append(pick(r, PLACEMENT_STATUS)).append("\",\"recruiter_email\":\"")
                    .append(pick(r, RECRUITERS)).append("@agency.example.com\",\"created_at\":\"");
            dateTime(r, created);
            b.append("\"}");
        }

        /** The k-th week of placement i; the placement's own fields are re-derived from its ordinal. */
        private void timesheet(SplittableRandom r, long placement, int k) {
            long ordinal = placement * 4 + k;
            b.append("{\"timesheet_id\":\"");
            uuid(o.seed, 4, ordinal);
            b.append("\",\"placement_id\":\"");
            uuid(o.seed, 3, placement);
            b.append('"');
            // Sundays of the span; the k-th week of a placement follows its (k-1)-th.
            long weeks = Math.max(1, (EPOCH_TO - EPOCH_FROM) / 86_400 / 7 - 1);
            long firstDay = EPOCH_FROM / 86_400;
            long firstSunday = firstDay + Math.floorMod(3 - firstDay, 7); // epoch day 3 (1970-01-04) was a Sunday
            long weekEnding = firstSunday + 7 * ((placement * 13 + k) % weeks);
            b.append(",\"week_ending\":\"");
            date(weekEnding);
            int days = 1 + r.nextInt(5);
            int regular = 0;
            StringBuilder shifts = new StringBuilder(400);
            for (int d = 0; d < days; d++) {
                int startHour = 6 + r.nextInt(6);
                int len = 6 + r.nextInt(3);
                regular += len;
                if (d > 0) {
                    shifts.append(',');
                }
                shifts.append("{\"date\":\"");
                int mark = b.length();
                date(weekEnding - 6 + d);
                shifts.append(b, mark, b.length());
                b.setLength(mark);
                shifts.append("\",\"start\":\"").append(two(startHour)).append(":00\",\"end\":\"")
                        .append(two(startHour + len)).append(":30\",\"break_minutes\":30}");
            }
            b.append("\",\"hours_regular\":").append(regular).append(",\"hours_overtime\":")
                    .append(r.nextInt(5) == 0 ? r.nextInt(10) : 0).append(",\"shifts\":[").append(shifts)
                    .append("],\"status\":\"");
            String status = pick(r, TIMESHEET_STATUS);
            b.append(status).append("\",\"submitted_at\":");
            if (status.equals("draft")) {
                b.append("null");
            } else {
                b.append('"');
                dateTime(r, (weekEnding + 1) * 86_400 + r.nextInt(86_400));
                b.append('"');
            }
            b.append(",\"approved_by\":");
            if (status.equals("approved") || status.equals("paid")) {
                b.append('"').append(pick(r, RECRUITERS)).append("@agency.example.com\"");
            } else {
                b.append("null");
            }
            b.append('}');
        }

        /** One realistic defect, applied to the record in {@code b} (which ends with '}'). */
        private void corrupt(SplittableRandom r, String dataset) {
            String idField = dataset + "_id";
            switch (r.nextInt(6)) {
                case 0 -> replaceFirst("\"" + idField + "\":\"", "\"" + idField + "_x\":\""); // missing id + unexpected
                case 1 -> insertBeforeEnd(",\"comment\":\"imported from legacy system\""); // unexpected property
                case 2 -> replaceFirst("\"status\":\"", "\"status\":\"unknown_"); // enum
                case 3 -> { // bad calendar date
                    int at = b.indexOf("-", b.indexOf("\"20"));
                    if (at > 0) {
                        b.replace(at + 1, at + 3, "13");
                    } else {
                        insertBeforeEnd(",\"comment\":1");
                    }
                }
                case 4 -> replaceFirst("\"" + idField + "\":\"", "\"" + idField + "\":\"not-a-uuid-"); // format
                default -> { // wrong type
                    int at = b.indexOf("\"status\":\"");
                    if (at >= 0) {
                        int end = b.indexOf("\"", at + 10);
                        b.replace(at + 9, end + 1, "42");
                    } else {
                        insertBeforeEnd(",\"comment\":1");
                    }
                }
            }
        }

        private void replaceFirst(String what, String with) {
            int at = b.indexOf(what);
            if (at >= 0) {
                b.replace(at, at + what.length(), with);
            }
        }

        private void insertBeforeEnd(String s) {
            b.insert(b.length() - 1, s);
        }

        private void skills(SplittableRandom r, int count) {
            b.append('[');
            int start = r.nextInt(SKILLS.length);
            int step = 1 + r.nextInt(SKILLS.length - 1);
            // distinct because step and 40 need not be coprime: guard with a small seen mask
            long seen = 0;
            int written = 0;
            for (int j = 0; j < count * 3 && written < count; j++) {
                int idx = (start + j * step) % SKILLS.length;
                if ((seen & (1L << idx)) != 0) {
                    continue;
                }
                seen |= 1L << idx;
                if (written++ > 0) {
                    b.append(',');
                }
                b.append('"').append(SKILLS[idx]).append('"');
            }
            b.append(']');
        }

        private void money(SplittableRandom r, int minCents, int maxCents) {
            cents(minCents + r.nextInt(maxCents - minCents));
        }

        private void cents(int c) {
            b.append(c / 100).append('.');
            int rest = c % 100;
            if (rest < 10) {
                b.append('0');
            }
            b.append(rest);
        }

        private void digits(SplittableRandom r, int n) {
            for (int j = 0; j < n; j++) {
                b.append((char) ('0' + (j == 0 && n == 10 ? 2 + r.nextInt(8) : r.nextInt(10))));
            }
        }

        private void uuid(long seed, int kind, long ordinal) {
            long hi = mix(seed * 31 + kind * 0x9E3779B97F4A7C15L + ordinal);
            long lo = mix(hi ^ (ordinal * 0xC2B2AE3D27D4EB4FL) ^ kind);
            hi = (hi & 0xFFFFFFFFFFFF0FFFL) | 0x4000L; // version 4
            lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
            hex(hi >>> 32, 8);
            b.append('-');
            hex(hi >>> 16, 4);
            b.append('-');
            hex(hi, 4);
            b.append('-');
            hex(lo >>> 48, 4);
            b.append('-');
            hex(lo, 12);
        }

        private void hex(long v, int digits) {
            for (int s = (digits - 1) * 4; s >= 0; s -= 4) {
                b.append(Character.forDigit((int) ((v >>> s) & 0xF), 16));
            }
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        /** A local time at {@code utcSecond} written with a random offset, e.g. 2026-03-01T18:05:09-05:00. */
        private void dateTime(SplittableRandom r, long utcSecond) {
            int o = r.nextInt(OFFSETS.length);
            long local = utcSecond + OFFSET_MINUTES[o] * 60L;
            long day = Math.floorDiv(local, 86_400);
            int sec = (int) Math.floorMod(local, 86_400);
            date(day);
            b.append('T').append(two(sec / 3600)).append(':').append(two(sec / 60 % 60)).append(':')
                    .append(two(sec % 60)).append(OFFSETS[o]);
        }

        private void date(long epochDay) {
            LocalDate d = LocalDate.ofEpochDay(epochDay);
            b.append(d.getYear()).append('-').append(two(d.getMonthValue())).append('-').append(two(d.getDayOfMonth()));
        }

        private static final String[] TWO = new String[100];

        static {
            for (int i = 0; i < 100; i++) {
                TWO[i] = (i < 10 ? "0" : "") + i;
            }
        }

        private static String two(int v) {
            return TWO[v];
        }

        private static String pick(SplittableRandom r, String[] from) {
            return from[r.nextInt(from.length)];
        }
    }

    private StaffingGenerator() {
    }
}

import { fiscalYearOf, fiscalYearRange } from '../domain/fiscal-calendar';
import { addDays, addMonths, daysBetween, maxDate, minDate, parts, type LocalDate } from '../domain/local-date';
import type { Certification, Grade, Programme, ProjectRequirement, Requirement, Role } from '../domain/programme';
import type {
  CompletionRecord,
  CourseRecord,
  NominationRecord,
  ProjectRecord,
  Records,
  StaffRecord,
} from '../domain/records';
import { emptyRecords } from '../domain/records';
import { AREAS, DEPARTMENTS, ELECTIVE_TOPICS, FAMILY_KANA, FAMILY_NAMES, GIVEN_KANA, GIVEN_NAMES, PROJECT_THEMES } from './municipal-names';
import { Rng } from './rng';

export interface GenerateOptions {
  /** Number of staff (100 to 20,000 is the intended range). */
  staff: number;
  seed: number;
  /** The day the data is "as of"; no completion is later than this. */
  today: LocalDate;
  /** Deliberately malformed rows to add, for trying the data-quality report. */
  defects: number;
}

interface Person {
  staff: StaffRecord;
  managerUpn?: string;
}

/** How far people have got: the chance of reaching each further step of a role. */
const STEP_REACH = [0.72, 0.5, 0.35, 0.3];
const OPTIONAL_REACH = 0.1;

/**
 * Generates a sample municipality for a programme: departments and sections, staff with grades,
 * role holders, and training, project, evaluation, qualification, contribution and skill records
 * that move people partway up the programme's own step ladders. Deterministic for a seed.
 */
export function generateMunicipality(programme: Programme, opts: GenerateOptions): Records {
  return new Generator(programme, opts).run();
}

class Generator {
  private readonly rng: Rng;
  /**
   * Who has a reading (フリガナ) and how it is written: a generator of its own, so adding readings left
   * every other generated value as it was for the same seed.
   */
  private readonly readingRng: Rng;
  private readonly records: Records = emptyRecords();
  private readonly people: Person[] = [];
  private readonly bySection = new Map<string, Person[]>();
  private readonly keys = new Set<string>();
  private readonly groupCourses = new Map<string, CourseRecord[]>();
  private readonly courseHours = new Map<string, number>();
  private readonly electives: CourseRecord[] = [];
  private readonly fy: number;
  private readonly windowStart: LocalDate;
  private projectSeq = 0;
  private readonly projectsByDepartmentYear = new Map<string, ProjectRecord[]>();
  private readonly teamSize = new Map<string, number>();
  private readonly departmentOfSection = new Map<string, string>();
  private readonly domain: string;

  constructor(
    private readonly programme: Programme,
    private readonly opts: GenerateOptions,
  ) {
    this.rng = new Rng(opts.seed);
    this.readingRng = new Rng(opts.seed ^ 0x4b414e41);
    this.fy = fiscalYearOf(opts.today);
    this.windowStart = fiscalYearRange(this.fy - 3).start;
    this.domain = `${programme.id}.example.jp`;
  }

  run(): Records {
    this.makeStaff();
    this.makeCourses();
    const holders = this.makeRoleHolders();
    this.makeProgress(holders);
    this.makeCertifications();
    this.makeBackground();
    this.makeNominations();
    this.addDefects();
    return this.records;
  }

  // ---- organisation and staff -----------------------------------------------------------------

  private makeStaff(): void {
    const { rng } = this;
    const sectionCount = Math.max(3, Math.min(900, Math.round(this.opts.staff / 25)));
    const sections: Array<{ department: string; section: string }> = [];
    const maxSections = Math.max(...DEPARTMENTS.map((d) => d.sections.length));
    for (let round = 0; sections.length < sectionCount; round++) {
      const area = round < maxSections ? '' : `（${AREAS[Math.floor(round / maxSections - 1) % AREAS.length]}${round >= maxSections * (AREAS.length + 1) ? round : ''}）`;
      for (const d of DEPARTMENTS) {
        const base = d.sections[round % maxSections];
        if (base === undefined || sections.length >= sectionCount) continue;
        sections.push({ department: d.name, section: base + area });
      }
    }
    // Section sizes vary around the mean; every section gets at least two people.
    const weights = sections.map(() => 0.5 + rng.next());
    const total = weights.reduce((a, b) => a + b, 0);
    const sizes = weights.map((w) => Math.max(2, Math.floor((w / total) * this.opts.staff)));
    let assigned = sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; assigned < this.opts.staff; i = (i + 1) % sizes.length, assigned++) sizes[i]!++;
    for (let i = 0; assigned > this.opts.staff; i = (i + 1) % sizes.length) {
      if (sizes[i]! > 2) {
        sizes[i]!--;
        assigned--;
      }
    }

    const grades = [...this.programme.grades].sort((a, b) => b.rank - a.rank);
    const deptHead = grades.find((g) => g.manages === 'department');
    const sectionHead = grades.find((g) => g.manages === 'section');
    const rankAndFile = grades.filter((g) => g !== deptHead && g !== sectionHead);
    // Lower grades are more common: weight 1, 2, 3 … from the top.
    const fileWeights = rankAndFile.map((_, i) => i + 1);
    const fileTotal = fileWeights.reduce((a, b) => a + b, 0);
    const usedUpns = new Set<string>();
    const seenDepartments = new Set<string>();
    let employee = 100000;

    sections.forEach((s, si) => {
      const members: Person[] = [];
      for (let k = 0; k < sizes[si]!; k++) {
        let grade: Grade | undefined;
        if (k === 0 && deptHead && !seenDepartments.has(s.department)) {
          grade = deptHead;
          seenDepartments.add(s.department);
        } else if ((k === 0 || (k === 1 && members[0]?.staff.grade === deptHead?.id)) && sectionHead) grade = sectionHead;
        else {
          let r = rng.next() * fileTotal;
          grade = rankAndFile[rankAndFile.length - 1];
          for (let g = 0; g < rankAndFile.length; g++) {
            r -= fileWeights[g]!;
            if (r < 0) {
              grade = rankAndFile[g];
              break;
            }
          }
          grade ??= sectionHead ?? deptHead;
        }
        const [family, familyRomaji] = rng.pick(FAMILY_NAMES);
        const [given, givenRomaji] = rng.pick(GIVEN_NAMES);
        let upn = `${givenRomaji}.${familyRomaji}@${this.domain}`;
        for (let n = 2; usedUpns.has(upn); n++) upn = `${givenRomaji}.${familyRomaji}${n}@${this.domain}`;
        usedUpns.add(upn);
        const gradeText = grade ? (grade.aliases.length > 0 && rng.chance(0.1) ? rng.pick(grade.aliases) : grade.label.ja) : '';
        const transfer = rng.next();
        const staff: StaffRecord = {
          upn,
          name: `${family} ${given}`,
          kana: this.readingOf(family, given),
          employeeNumber: String(++employee),
          department: s.department,
          section: s.section,
          grade: grade?.id,
          gradeText,
          transferPlanned: transfer < 0.08,
          transferDate: transfer < 0.06 ? `${this.fy + 1}-04-01` : undefined,
          active: !rng.chance(0.015),
        };
        const person: Person = { staff };
        members.push(person);
        this.people.push(person);
        this.records.staff.push(staff);
      }
      const manager = members.find((m) => m.staff.grade === sectionHead?.id) ?? members[0];
      for (const m of members) if (m !== manager) m.managerUpn = manager?.staff.upn;
      this.bySection.set(s.section, members);
      this.departmentOfSection.set(s.section, s.department);
    });
  }

  /**
   * Most people's reading, as HR exports carry it (full-width katakana, a few in half-width ｶﾅ); about
   * one in twelve without one, as in a real Staff list where readings were never filled in for some.
   */
  private readingOf(family: string, given: string): string | undefined {
    const r = this.readingRng.next();
    if (r < 0.08) return undefined;
    const kana = `${FAMILY_KANA[family] ?? ''} ${GIVEN_KANA[given] ?? ''}`.trim();
    return r < 0.11 ? halfWidthKatakana(kana) : kana;
  }

  // ---- courses ------------------------------------------------------------------------------------

  private makeCourses(): void {
    for (const c of this.programme.courses) {
      this.records.courses.push({ courseId: c.id, title: c.label.ja, category: c.category, hours: c.hours, provider: c.provider, url: c.url });
      if (c.hours !== undefined) this.courseHours.set(c.id, c.hours);
    }
    // Elective e-learning for every category a course group counts, plus a general catalogue.
    const categories = new Set<string>(['選択研修']);
    for (const g of this.programme.courseGroups) for (const cat of g.categories) categories.add(cat);
    let n = 0;
    for (const cat of categories) {
      for (const topic of this.rng.sample(ELECTIVE_TOPICS, cat === '選択研修' ? 8 : 5)) {
        const course: CourseRecord = { courseId: `el-${String(++n).padStart(3, '0')}`, title: `${topic}（${cat}）`, category: cat, hours: this.rng.int(1, 3), provider: 'e-ラーニング' };
        this.records.courses.push(course);
        this.courseHours.set(course.courseId, course.hours!);
        this.electives.push(course);
      }
    }
    for (const g of this.programme.courseGroups) {
      const cats = new Set(g.categories);
      const ids = new Set(g.courses);
      this.groupCourses.set(g.id, this.records.courses.filter((c) => ids.has(c.courseId) || (c.category !== undefined && cats.has(c.category))));
    }
  }

  // ---- roles ------------------------------------------------------------------------------------

  private makeRoleHolders(): Map<Role, Array<{ person: Person; start?: LocalDate }>> {
    const { rng } = this;
    const holders = new Map<Role, Array<{ person: Person; start?: LocalDate }>>();
    const active = this.people.filter((p) => p.staff.active);
    for (const role of this.programme.roles) {
      const list: Array<{ person: Person; start?: LocalDate }> = [];
      switch (role.assignment) {
        case 'all':
          for (const p of active) list.push({ person: p });
          break;
        case 'grade':
          for (const p of active) if (p.staff.grade && role.grades.includes(p.staff.grade)) list.push({ person: p });
          break;
        case 'nominated': {
          const rules = role.nomination!;
          const units = rules.seatsPerDepartment && !rules.seatsPerSection ? this.departmentsAsUnits() : [...this.bySection.values()];
          const seats = rules.seatsPerSection ?? rules.seatsPerDepartment ?? 1;
          for (const members of units) {
            const eligible = members.filter((m) => m.staff.active && m.staff.grade && rules.eligibleGrades.includes(m.staff.grade));
            const others = rules.gradeRuleStrict ? [] : members.filter((m) => m.staff.active && !eligible.includes(m) && m.managerUpn);
            for (let s = 0; s < seats; s++) {
              if (!rng.chance(0.85)) continue;
              const pool = eligible.length > 0 && rng.chance(0.92) ? eligible : others.length > 0 ? others : eligible;
              const taken = new Set(list.map((h) => h.person));
              const candidates = pool.filter((m) => !taken.has(m));
              if (candidates.length === 0) continue;
              const person = rng.pick(candidates);
              const start = this.randomDate(this.windowStart, this.opts.today);
              // A predecessor who moved on: their row ended when this holder started.
              if (rng.chance(0.2)) {
                const prev = rng.pick(members);
                if (prev !== person) this.roleRow(prev, role.id, addMonths(start, -rng.int(12, 30)), addDays(start, -1), '前任');
              }
              this.roleRow(person, role.id, start, undefined, '推薦・承認');
              list.push({ person, start });
            }
          }
          break;
        }
        case 'appointed': {
          const count = role.external ? rng.int(1, 2) : Math.max(1, Math.round(this.opts.staff * 0.004));
          const home = [...this.bySection.entries()].filter(([name]) => /DX推進|情報政策/.test(name)).flatMap(([, m]) => m);
          const pool = (home.length >= count ? home : active).filter((p) => p.staff.active);
          for (const person of rng.sample(pool, count)) {
            const start = this.randomDate(this.windowStart, this.opts.today);
            this.roleRow(person, role.id, start, undefined, role.external ? '外部登用' : '任命');
            list.push({ person, start });
          }
          break;
        }
        case 'certified':
          break; // Awarded in makeCertifications.
      }
      holders.set(role, list);
    }
    return holders;
  }

  private departmentsAsUnits(): Person[][] {
    const byDept = new Map<string, Person[]>();
    for (const p of this.people) {
      const list = byDept.get(p.staff.department) ?? [];
      list.push(p);
      byDept.set(p.staff.department, list);
    }
    return [...byDept.values()];
  }

  private roleRow(person: Person, role: string, start: LocalDate, end: LocalDate | undefined, source: string): void {
    const key = `r|${person.staff.upn}|${role}|${start}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.records.roles.push({ upn: person.staff.upn, role, section: person.staff.section, start, end, source });
  }

  // ---- progress ---------------------------------------------------------------------------------

  private makeProgress(holders: Map<Role, Array<{ person: Person; start?: LocalDate }>>): void {
    for (const [role, list] of holders) {
      if (role.external || role.steps.length === 0) continue;
      for (const { person, start } of list) {
        let reached = 0;
        // Optional steps (希望者のみ) are taken by few: 真岡市「まずはできる職員から始めて広げる」.
        while (reached < role.steps.length && this.rng.chance(role.steps[reached]!.optional ? OPTIONAL_REACH : (STEP_REACH[reached] ?? 0.3))) reached++;
        const earliest = start ?? this.windowStart;
        for (let i = 0; i < reached; i++) this.satisfy(role.steps[i]!.requires, person, earliest);
        const next = role.steps[reached];
        if (next) this.satisfyPartly(next.requires, person, earliest);
      }
    }
  }

  private makeCertifications(): void {
    const rate: Record<number, number> = { 1: 0.006, 2: 0.0025, 3: 0.0008 };
    const certs = [...this.programme.certifications].sort((a, b) => a.level - b.level);
    const active = this.people.filter((p) => p.staff.active);
    for (const cert of certs) {
      const n = Math.max(1, Math.round(active.length * (rate[cert.level] ?? 0.001)));
      for (const person of this.rng.sample(active, n)) {
        this.satisfyCertification(cert, person, this.rng.chance(0.8));
      }
    }
  }

  private satisfyCertification(cert: Certification, person: Person, award: boolean): void {
    this.satisfy(cert.requires, person, this.windowStart);
    if (award) this.roleRow(person, cert.id, this.randomDate(minDate(addDays(this.opts.today, -60), fiscalYearRange(this.fy).start), this.opts.today), undefined, '認定');
  }

  /** Adds records that meet a requirement for a person, dated between `earliest` and today. */
  private satisfy(req: Requirement, person: Person, earliest: LocalDate): void {
    const { rng } = this;
    switch (req.kind) {
      case 'allOf':
        for (const r of req.items) this.satisfy(r, person, earliest);
        return;
      case 'anyOf':
        if (req.items.length > 0) this.satisfy(rng.pick(req.items), person, earliest);
        return;
      case 'atLeast':
        for (const r of rng.sample(req.items, req.n)) this.satisfy(r, person, earliest);
        return;
      case 'course': {
        const course = this.programme.courses.find((c) => c.id === req.course);
        const from = course?.renewsEveryFiscalYear ? maxDate(earliest, fiscalYearRange(this.fy).start) : earliest;
        this.completion(person, req.course, from, this.courseHours.get(req.course));
        return;
      }
      case 'hours': {
        const courses = this.groupCourses.get(req.group) ?? [];
        if (courses.length === 0) return;
        let hours = 0;
        for (let guard = 0; hours < req.min && guard < 200; guard++) {
          const c = rng.pick(courses);
          const h = c.hours ?? rng.int(1, 3);
          if (this.completion(person, c.courseId, earliest, h)) hours += h;
        }
        return;
      }
      case 'courses': {
        for (const c of rng.sample(this.groupCourses.get(req.group) ?? [], req.min)) this.completion(person, c.courseId, earliest, c.hours);
        return;
      }
      case 'qualification':
        this.qualification(person, rng.pick(req.anyOf));
        return;
      case 'project':
        this.projectsFor(req, person);
        return;
      case 'contribution': {
        const kind = this.programme.contributionKinds.find((k) => k.id === req.contribution);
        const from = req.withinMonths ? maxDate(earliest, addMonths(this.opts.today, -req.withinMonths + 1)) : earliest;
        for (let i = 0, added = 0; added < req.min && i < req.min * 5; i++) {
          const date = this.randomDate(from, this.opts.today);
          const key = `c|${person.staff.upn}|${req.contribution}|${date}`;
          if (this.keys.has(key)) continue;
          this.keys.add(key);
          added++;
          this.records.contributions.push({ upn: person.staff.upn, kind: req.contribution, date, title: `${kind?.label.ja ?? req.contribution}（${person.staff.section}）` });
        }
        return;
      }
      case 'certification': {
        const cert = this.programme.certifications.find((c) => c.id === req.certification);
        const held = this.records.roles.some((r) => r.upn === person.staff.upn && r.role === req.certification);
        if (cert && !held) this.satisfyCertification(cert, person, true);
        return;
      }
      case 'skill': {
        const max = this.programme.scales.skillLevel.max;
        const level = Math.min(max, req.level + (rng.chance(0.2) ? 1 : 0));
        const assessor = req.assessedBy === 'self' ? person.staff.upn : req.assessedBy === 'manager' || rng.chance(0.5) ? (person.managerUpn ?? person.staff.upn) : person.staff.upn;
        this.skillLevel(person, req.skill, level, assessor, earliest);
        return;
      }
      case 'roleHeld': {
        const start = addMonths(this.opts.today, -(req.months + rng.int(1, 12)));
        this.roleRow(person, req.role, start, undefined, '任命');
        return;
      }
    }
  }

  /** Adds some of what a requirement needs: the next step is usually under way. */
  private satisfyPartly(req: Requirement, person: Person, earliest: LocalDate): void {
    const { rng } = this;
    switch (req.kind) {
      case 'allOf':
        for (const r of req.items) if (rng.chance(0.5)) this.satisfy(r, person, earliest);
        return;
      case 'atLeast':
        for (const r of rng.sample(req.items, Math.max(0, req.n - 1))) this.satisfy(r, person, earliest);
        return;
      case 'hours':
        this.satisfy({ ...req, min: Math.floor(req.min / 2) }, person, earliest);
        return;
      case 'skill':
        if (req.level > 1 && rng.chance(0.5)) this.skillLevel(person, req.skill, req.level - 1, person.staff.upn, earliest);
        return;
      default:
        return;
    }
  }

  // ---- record builders --------------------------------------------------------------------------

  private completion(person: Person, courseId: string, earliest: LocalDate, hours: number | undefined): boolean {
    for (let attempt = 0; attempt < 4; attempt++) {
      const date = this.randomDate(earliest, this.opts.today);
      const key = `k|${person.staff.upn}|${courseId}|${date}`;
      if (this.keys.has(key)) continue;
      this.keys.add(key);
      const c: CompletionRecord = { upn: person.staff.upn, courseId, completedOn: date };
      if (hours !== undefined) c.hours = hours;
      this.records.completions.push(c);
      return true;
    }
    return false;
  }

  private qualification(person: Person, qualification: string): void {
    const key = `q|${person.staff.upn}|${qualification}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.records.qualifications.push({ upn: person.staff.upn, qualification, acquiredOn: this.randomDate(addMonths(this.opts.today, -72), this.opts.today) });
  }

  private skillLevel(person: Person, skill: string, level: number, assessor: string, earliest: LocalDate): void {
    const assessedOn = this.randomDate(maxDate(earliest, addMonths(this.opts.today, -18)), this.opts.today);
    const key = `s|${person.staff.upn}|${skill}|${assessedOn}|${assessor}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.records.skillLevels.push({ upn: person.staff.upn, skill, level, assessedOn, assessor });
  }

  /** Projects that meet a participation requirement: the right capacity, years, length and scores. */
  private projectsFor(req: ProjectRequirement, person: Person): void {
    const { rng } = this;
    const years = Math.max(req.consecutiveFiscalYears ?? 1, 1);
    const count = Math.max(req.count, years);
    const lastYear = req.completed ? this.fy - 1 : this.fy;
    const monthsEach = req.months ? Math.ceil(req.months / count) : rng.int(4, 10);
    const report = this.programme.scales.report;
    for (let i = 0; i < count; i++) {
      const fy = lastYear - (years > 1 ? i % years : rng.int(0, 1)) - (i >= years ? 1 : 0);
      const range = fiscalYearRange(fy);
      const start = monthsEach >= 12 ? range.start : addMonths(range.start, rng.int(0, 11 - Math.min(11, monthsEach)));
      const end = minDate(addDays(addMonths(start, Math.max(1, monthsEach)), 0), req.completed ? range.end : addMonths(range.end, 12));
      const role = req.as === 'any' ? (rng.chance(0.15) ? 'leader' : 'member') : req.as;
      // A member joins a team of their department that year when one fits; only leaders start projects.
      const joined = role === 'member' ? this.joinableProject(person, fy, req) : undefined;
      if (joined) {
        this.member(joined, person, 'member', joined.start ?? start, joined.end ?? end);
        this.evaluationsFor(joined, person, req, []);
        continue;
      }
      const reportScore = req.reportScore !== undefined ? Math.min(report.max, req.reportScore + rng.int(0, 2) * 0.5) : rng.score(3.4, 0.7, report.min, report.max);
      const project = this.project(fy, person.staff.section, start, end, end <= this.opts.today ? reportScore : undefined);
      this.member(project, person, role, start, end);
      const colleagues = rng.sample(this.bySection.get(person.staff.section) ?? [], rng.int(2, 5)).filter((p) => p !== person);
      for (const c of colleagues) this.member(project, c, role === 'leader' ? 'member' : rng.chance(0.2) ? 'leader' : 'member', start, end);
      this.evaluationsFor(project, person, req, colleagues);
    }
  }

  /** Evaluations of a person in a project that meet the requirement's per-perspective thresholds. */
  private evaluationsFor(project: ProjectRecord, person: Person, req: ProjectRequirement, colleagues: Person[]): void {
    const { rng } = this;
    for (const [perspective, min] of Object.entries(req.evaluations)) {
      for (let e = 0; e < rng.int(2, 3); e++) {
        const evaluator = colleagues[e]?.staff.upn ?? `evaluator${e + 1}@${this.domain}`;
        this.evaluation(project, person, perspective, Math.min(this.programme.scales.evaluation.max, min + rng.int(0, 2) * 0.5), evaluator);
      }
    }
  }

  /** A project of the person's department in that fiscal year with room and a good enough report score. */
  private joinableProject(person: Person, fy: number, req: ProjectRequirement): ProjectRecord | undefined {
    const candidates = this.projectsByDepartmentYear.get(`${person.staff.department}|${fy}`) ?? [];
    return candidates.find(
      (p) =>
        (this.teamSize.get(p.projectId) ?? 0) < 8 &&
        (!req.completed || (p.end !== undefined && p.end <= this.opts.today)) &&
        (req.reportScore === undefined || (p.reportScore !== undefined && p.reportScore >= req.reportScore)),
    );
  }

  private project(fy: number, section: string, start: LocalDate, end: LocalDate, reportScore: number | undefined): ProjectRecord {
    const theme = this.rng.pick(PROJECT_THEMES);
    const p: ProjectRecord = {
      projectId: `P${fy}-${String(++this.projectSeq).padStart(4, '0')}`,
      title: `${section} ${theme}`,
      fiscalYear: fy,
      section,
      start,
      end,
      reportScore,
    };
    this.records.projects.push(p);
    const key = `${this.departmentOfSection.get(section) ?? ''}|${fy}`;
    const list = this.projectsByDepartmentYear.get(key);
    if (list) list.push(p);
    else this.projectsByDepartmentYear.set(key, [p]);
    return p;
  }

  private member(project: ProjectRecord, person: Person, role: 'leader' | 'member', start: LocalDate, end: LocalDate): void {
    const key = `m|${project.projectId}|${person.staff.upn}|${role}`;
    if (this.keys.has(key) || this.keys.has(`m|${project.projectId}|${person.staff.upn}|${role === 'leader' ? 'member' : 'leader'}`)) return;
    this.keys.add(key);
    this.teamSize.set(project.projectId, (this.teamSize.get(project.projectId) ?? 0) + 1);
    this.records.projectMembers.push({ projectId: project.projectId, upn: person.staff.upn, projectRole: role, start, end });
  }

  private evaluation(project: ProjectRecord, person: Person, perspective: string, score: number, evaluatorUpn: string): void {
    const key = `e|${project.projectId}|${person.staff.upn}|${perspective}|${evaluatorUpn}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.records.evaluations.push({ projectId: project.projectId, upn: person.staff.upn, perspective, score, evaluatorUpn });
  }

  // ---- background: what happens outside the ladders ---------------------------------------------

  private makeBackground(): void {
    const { rng } = this;
    const active = this.people.filter((p) => p.staff.active);
    // Elective e-learning: most people take some every year.
    for (const p of this.people) {
      const n = rng.int(8, 26);
      for (let i = 0; i < n && this.electives.length > 0; i++) {
        const c = rng.pick(this.electives);
        this.completion(p, c.courseId, this.windowStart, rng.chance(0.7) ? c.hours : undefined);
      }
    }
    // Business-improvement projects each fiscal year, with report-meeting scores and evaluations.
    const perspectives = this.programme.perspectives;
    const { report, evaluation } = this.programme.scales;
    for (let fy = this.fy - 3; fy <= this.fy; fy++) {
      const range = fiscalYearRange(fy);
      if (range.start > this.opts.today) continue;
      const n = Math.max(1, Math.round(active.length / 150));
      for (let i = 0; i < n; i++) {
        const lead = rng.pick(active);
        const start = addMonths(range.start, rng.int(0, 5));
        const end = addMonths(start, rng.int(3, 6));
        const done = end <= this.opts.today;
        const project = this.project(fy, lead.staff.section, start, end, done ? rng.score(3.4, 0.7, report.min, report.max) : undefined);
        const team = [lead, ...rng.sample(this.bySection.get(lead.staff.section) ?? [], rng.int(2, 5)).filter((p) => p !== lead)];
        team.forEach((p, k) => this.member(project, p, k === 0 ? 'leader' : 'member', start, end));
        if (!done) continue;
        for (const p of team) {
          for (const perspective of perspectives) {
            const others = team.filter((t) => t !== p);
            const evaluator = others.length > 0 ? rng.pick(others).staff.upn : `evaluator@${this.domain}`;
            this.evaluation(project, p, perspective.id, rng.score(3.3, 0.8, evaluation.min, evaluation.max), evaluator);
          }
        }
      }
    }
    // Qualifications, contributions and self-assessed skills that some people have anyway.
    for (const p of active) {
      if (this.programme.qualifications.length > 0 && rng.chance(0.08)) this.qualification(p, rng.pick(this.programme.qualifications).id);
      if (this.programme.contributionKinds.length > 0 && rng.chance(0.05)) {
        this.satisfy({ kind: 'contribution', contribution: rng.pick(this.programme.contributionKinds).id, min: 1 }, p, this.windowStart);
      }
      const skills = this.programme.skillMap?.skills ?? [];
      if (skills.length > 0 && rng.chance(0.3)) {
        const { min, max } = this.programme.scales.skillLevel;
        for (const s of rng.sample(skills, rng.int(1, skills.length))) this.skillLevel(p, s.id, rng.int(Math.max(min, 1), Math.max(1, max - 1)), p.staff.upn, this.windowStart);
      }
    }
  }

  private makeNominations(): void {
    const { rng } = this;
    for (const role of this.programme.roles) {
      if (role.assignment !== 'nominated' || !role.nomination) continue;
      const rules = role.nomination;
      for (const [section, members] of this.bySection) {
        if (!rng.chance(0.2)) continue;
        const manager = members.find((m) => !m.managerUpn);
        const eligible = members.filter((m) => m.staff.active && m.managerUpn && m.staff.grade && rules.eligibleGrades.includes(m.staff.grade));
        if (!manager || eligible.length === 0) continue;
        const nominee = rng.pick(eligible);
        const requested = this.randomDate(addMonths(this.opts.today, -6), this.opts.today);
        const status = rng.pick(['pending', 'pending', 'approved', 'rejected'] as const);
        const n: NominationRecord = {
          nomineeUpn: nominee.staff.upn,
          role: role.id,
          section,
          nominatedByUpn: manager.staff.upn,
          approverUpn: this.departmentHead(manager.staff.department) ?? manager.staff.upn,
          status,
          reason: `${section}の業務改善を主導しているため`,
          requestedAt: `${requested}T10:00:00+09:00`,
        };
        if (status !== 'pending') {
          n.decidedAt = `${minDate(addDays(requested, rng.int(1, 10)), this.opts.today)}T15:00:00+09:00`;
          n.decisionComment = status === 'approved' ? '承認します' : '今年度は異動予定のため見送ります';
        }
        this.records.nominations.push(n);
      }
    }
  }

  private departmentHead(department: string): string | undefined {
    const head = this.programme.grades.find((g) => g.manages === 'department');
    return this.people.find((p) => p.staff.department === department && p.staff.grade === head?.id)?.staff.upn;
  }

  // ---- defects --------------------------------------------------------------------------------

  /** Malformed rows of the kinds HR and course exports really contain, for the data-quality report. */
  private addDefects(): void {
    const { rng, records } = this;
    const someone = (): string => rng.pick(this.people).staff.upn;
    const course = (): string => rng.pick(records.courses).courseId;
    const kinds: Array<() => void> = [
      () => records.completions.push({ upn: `unknown.person${rng.int(1, 999)}@${this.domain}`, courseId: course(), completedOn: this.randomDate(this.windowStart, this.opts.today) }),
      () => records.completions.push({ upn: someone(), courseId: course(), completedOn: '2024/13/40' }),
      () => records.completions.push({ upn: someone(), courseId: 'no-such-course', completedOn: this.randomDate(this.windowStart, this.opts.today) }),
      () => records.completions.length > 0 && records.completions.push({ ...rng.pick(records.completions) }),
      () => records.completions.push({ upn: someone(), courseId: course(), completedOn: '' }),
      () => {
        const e = records.evaluations.length > 0 ? rng.pick(records.evaluations) : undefined;
        if (e) records.evaluations.push({ ...e, score: this.programme.scales.evaluation.max + 2, evaluatorUpn: `late.evaluator@${this.domain}` });
      },
      () => records.completions.push({ upn: someone(), courseId: course(), completedOn: this.randomDate(this.windowStart, this.opts.today), hours: -2 }),
      () => records.staff.push({ ...rng.pick(records.staff), upn: `new.hire${rng.int(1, 999)}@${this.domain}`, grade: undefined, gradeText: '技監補佐' }),
      () => records.roles.push({ upn: someone(), role: rng.pick(this.programme.roles).id, start: '2025-04-01', end: '2024-03-31', source: '任命' }),
      () => records.completions.push({ upn: someone(), courseId: course(), completedOn: addDays(this.opts.today, rng.int(5, 90)) }),
      () => records.qualifications.push({ upn: someone(), qualification: '英検準1級' }),
      () => records.completions.push({ upn: 'yamada taro', courseId: course(), completedOn: this.randomDate(this.windowStart, this.opts.today) }),
      // Facts dated after today (a typo for last year, a date keyed in advance): refused, never counted.
      () => {
        const q = this.programme.qualifications[0];
        if (q) records.qualifications.push({ upn: someone(), qualification: q.id, acquiredOn: addDays(this.opts.today, rng.int(5, 90)) });
        else records.completions.push({ upn: someone(), courseId: course(), completedOn: addDays(this.opts.today, rng.int(5, 90)) });
      },
      () => {
        const skill = this.programme.skillMap?.skills[0];
        if (skill) records.skillLevels.push({ upn: someone(), skill: skill.id, level: this.programme.scales.skillLevel.min + 1, assessedOn: addDays(this.opts.today, rng.int(5, 90)) });
        else records.completions.push({ upn: someone(), courseId: course(), completedOn: addDays(this.opts.today, rng.int(5, 90)) });
      },
    ];
    for (let i = 0; i < this.opts.defects; i++) kinds[i % kinds.length]!();
    // Dates as HR really writes them (readable, not defects): 令和 and full-width digits.
    if (this.opts.defects > 0) {
      for (const c of rng.sample(records.completions, Math.min(50, this.opts.defects * 2))) {
        const { year, month, day } = parts(c.completedOn || '2024-04-01');
        if (!c.completedOn || !/^\d{4}-/.test(c.completedOn)) continue;
        c.completedOn = rng.chance(0.5) ? `令和${year - 2018}年${month}月${day}日` : c.completedOn.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
      }
    }
  }

  private randomDate(from: LocalDate, to: LocalDate): LocalDate {
    if (from >= to) return to;
    return addDays(from, this.rng.int(0, daysBetween(from, to)));
  }
}

/** Katakana as some HR systems still export it: half-width (ﾔﾏﾀﾞ ﾀﾛｳ), voiced sounds as two characters. */
function halfWidthKatakana(text: string): string {
  const FULL = 'ァアィイゥウェエォオカキクケコサシスセソタチッツテトナニヌネノハヒフヘホマミムメモャヤュユョヨラリルレロワヲンー';
  const HALF = 'ｧｱｨｲｩｳｪｴｫｵｶｷｸｹｺｻｼｽｾｿﾀﾁｯﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓｬﾔｭﾕｮﾖﾗﾘﾙﾚﾛﾜｦﾝｰ';
  let out = '';
  for (const ch of text.normalize('NFD')) {
    if (ch === '\u3099') out += 'ﾞ';
    else if (ch === '\u309a') out += 'ﾟ';
    else {
      const i = FULL.indexOf(ch);
      out += i >= 0 ? HALF[i] : ch;
    }
  }
  return out;
}

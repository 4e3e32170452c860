//! A deterministic notebook corpus in the real format (FORMAT.md): monthly files
//! `logYYYYMM.txt`, headers with loose zero-padding, revision lines, keyword lines
//! with groups and series, three outline levels, open and closed updates, see-links
//! of every form (about one per entry: ~85% exact, ~5% mistyped minutes, ~10%
//! dangling), mixed Chinese/English bodies (about half the characters CJK), tabs.
//!
//! Two shapes of entry sizes ([`Shape`]): `real`, the size mix of real notebooks
//! (mean ~1.2 KB, a tenth under 200 B, a tail to 50 KB), and `long`, the
//! original corpus (~2.8 KB entries, bodies mostly 1–4 KB).
//!
//! Shared by `examples/gen_corpus` and the benches (`#[path]` include), so it uses
//! nothing but std and chrono. Same seed, shape and size → byte-identical files.

use chrono::{Datelike, Duration, NaiveDate};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

/// splitmix64: tiny, fast, good enough for text.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5851_F42D_4C95_7F2D)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }
    pub fn range(&mut self, lo: usize, hi_incl: usize) -> usize {
        lo + self.below(hi_incl - lo + 1)
    }
    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

const EN: &[&str] = &[
    "kernel",
    "scheduler",
    "patch",
    "build",
    "debug",
    "console",
    "driver",
    "memory",
    "page",
    "table",
    "interrupt",
    "timer",
    "thread",
    "mutex",
    "lock",
    "race",
    "fix",
    "review",
    "upstream",
    "mailing",
    "list",
    "test",
    "case",
    "bisect",
    "commit",
    "branch",
    "merge",
    "rebase",
    "config",
    "option",
    "module",
    "device",
    "tree",
    "boot",
    "loader",
    "image",
    "partition",
    "filesystem",
    "ext4",
    "btrfs",
    "inode",
    "cache",
    "buffer",
    "queue",
    "packet",
    "socket",
    "network",
    "bridge",
    "tap",
    "virtio",
    "qemu",
    "libvirt",
    "xen",
    "hypervisor",
    "domain",
    "guest",
    "host",
    "migration",
    "snapshot",
    "save",
    "restore",
    "shutdown",
    "event",
    "hook",
    "callback",
    "register",
    "deregister",
    "pointer",
    "segfault",
    "backtrace",
    "gdb",
    "strace",
    "perf",
    "ftrace",
    "trace",
    "latency",
    "throughput",
    "benchmark",
    "profile",
    "sample",
    "counter",
    "cpu",
    "core",
    "numa",
    "vcpu",
    "arm",
    "aarch64",
    "cortex",
    "uboot",
    "dtb",
    "serial",
    "uart",
    "jtag",
    "openocd",
    "flash",
    "nand",
    "emmc",
    "usb",
    "gadget",
    "clock",
    "regulator",
    "power",
    "suspend",
    "resume",
    "firmware",
    "acpi",
    "smmu",
    "iommu",
    "dma",
    "mapping",
    "descriptor",
    "format",
    "script",
    "python",
    "shell",
    "makefile",
    "compiler",
    "gcc",
    "clang",
    "linker",
    "symbol",
    "section",
    "relocation",
    "library",
    "header",
    "struct",
    "function",
    "return",
    "error",
    "value",
    "check",
    "assert",
    "warning",
    "document",
    "wiki",
    "meeting",
    "plan",
    "schedule",
    "today",
    "tomorrow",
    "weekly",
    "report",
    "email",
    "reply",
    "question",
    "answer",
    "idea",
    "note",
    "reading",
    "chapter",
    "book",
    "paper",
    "design",
    "interface",
    "api",
    "version",
    "release",
    "package",
    "rpm",
    "obs",
    "repo",
    "mirror",
    "server",
    "client",
    "daemon",
    "service",
    "systemd",
    "journal",
    "log",
    "rotate",
    "disk",
    "quota",
    "backup",
    "rsync",
    "ssh",
    "key",
];

const ZH: &[&str] = &[
    "内核",
    "调度",
    "调度器",
    "补丁",
    "编译",
    "调试",
    "控制台",
    "驱动",
    "内存",
    "页表",
    "中断",
    "定时器",
    "线程",
    "互斥锁",
    "竞争",
    "修复",
    "评审",
    "上游",
    "邮件列表",
    "测试",
    "用例",
    "提交",
    "分支",
    "合并",
    "配置",
    "选项",
    "模块",
    "设备树",
    "启动",
    "镜像",
    "分区",
    "文件系统",
    "缓存",
    "队列",
    "网络",
    "网桥",
    "虚拟化",
    "虚拟机",
    "迁移",
    "快照",
    "保存",
    "恢复",
    "关机",
    "事件",
    "回调",
    "注册",
    "指针",
    "段错误",
    "性能",
    "延迟",
    "吞吐量",
    "基准",
    "采样",
    "计数器",
    "处理器",
    "核心",
    "串口",
    "固件",
    "电源",
    "挂起",
    "唤醒",
    "映射",
    "描述符",
    "格式",
    "脚本",
    "编译器",
    "链接器",
    "符号",
    "重定位",
    "库",
    "结构体",
    "函数",
    "返回值",
    "错误",
    "检查",
    "警告",
    "文档",
    "会议",
    "计划",
    "安排",
    "今天",
    "明天",
    "周报",
    "邮件",
    "回复",
    "问题",
    "答案",
    "想法",
    "笔记",
    "读书",
    "章节",
    "论文",
    "设计",
    "接口",
    "版本",
    "发布",
    "软件包",
    "仓库",
    "服务器",
    "客户端",
    "服务",
    "日志",
    "磁盘",
    "备份",
    "密钥",
    "时间管理",
    "总结",
    "工作",
    "学习",
    "理解",
    "分析",
    "原因",
    "结果",
    "方法",
    "步骤",
    "流程",
    "环境",
    "搭建",
    "整理",
    "记录",
    "发现",
    "看看",
    "需要",
    "应该",
    "可能",
    "已经",
    "还是",
    "但是",
    "因为",
    "所以",
    "如果",
    "然后",
    "这个",
    "那个",
    "一下",
    "自己",
    "我们",
    "他们",
    "同事",
    "老板",
    "客户",
    "项目",
    "进度",
    "风险",
    "目标",
    "效率",
    "习惯",
    "健康",
    "锻炼",
    "家里",
    "孩子",
    "周末",
    "旅行",
    "数据结构",
    "算法",
    "源代码",
    "阅读",
    "实现",
    "细节",
    "原理",
    "机制",
    "策略",
];

/// Keyword hierarchies: general → specific.
const TOPICS: &[&[&str]] = &[
    &[
        "virtualization",
        "xen",
        "libxl",
        "xen4.2 support",
        "source code",
        "reading",
    ],
    &[
        "virtualization",
        "libvirt",
        "xenlight",
        "add libxl api",
        "domainBlockStats",
    ],
    &[
        "virtualization",
        "kvm",
        "qemu",
        "QMP",
        "migration",
        "dirty page",
    ],
    &["kernel", "scheduler", "cfs", "vruntime", "sched/fair.c"],
    &["kernel", "mm", "page table", "huge page", "THP"],
    &["kernel", "ftrace usage", "trace-cmd", "function graph"],
    &[
        "arm",
        "Allwinner A10",
        "sun4i",
        "build u-boot",
        "device tree",
    ],
    &[
        "arm",
        "architecture",
        "ARM_ARM",
        "Long-descriptor format",
        "system mmu",
    ],
    &["opensuse", "arm", "build sun4i image", "obs", "kiwi"],
    &["software", "SCM", "git", "git send-email", "howto"],
    &["software", "SCM", "hg", "bitbucket.org"],
    &["GTD", "时间管理", "周计划", "回顾"],
    &["读书", "技术书", "深入理解计算机系统", "第3章"],
    &["读书", "小说", "三体", "笔记"],
    &["家庭", "孩子", "学校", "家长会"],
    &["健康", "跑步", "体重", "记录"],
    &["网络", "tcp", "拥塞控制", "bbr"],
    &["存储", "btrfs", "快照", "subvolume"],
    &["company", "colleague", "farewell letter", "team"],
    &["工作", "周报", "项目进度", "风险"],
    &["编程", "rust", "所有权", "生命周期", "trait object"],
    &["编程", "python", "脚本", "日志分析"],
    &[
        "JTAG",
        "openocd",
        "Using OpenOCD",
        "Android kernel debugging",
    ],
    &["toolchain", "gcc", "linker script", "relocation"],
];

const NAMES: &[&str] = &[
    "Jim Fehlig",
    "Ian Campbell",
    "Matt Wilson",
    "Chao Wei",
    "Li Ming",
    "Wang Fang",
    "Zhang Wei",
    "Olaf Hering",
    "Stefano",
    "Konrad",
];

const SHELL: &[&str] = &[
    "$ make -j4 ARCH=arm CROSS_COMPILE=arm-linux-gnueabi-",
    "$ git log --oneline -5",
    "$ sudo xl create -c /etc/xen/vm/sles11sp2-pv",
    "# virsh list --all",
    "$ trace-cmd record -p function_graph -g schedule",
    "$ osc build openSUSE_Factory armv7l",
    "$ dd if=u-boot-sunxi-with-spl.bin of=/dev/sdb bs=1024 seek=8",
    "$ perf top -g",
    "$ cargo build --release",
    "$ rsync -av --delete ~/notes/ backup:/srv/notes/",
];

const OUTPUT: &[&str] = &[
    "Name                                        ID   Mem VCPUs\tState\tTime(s)",
    "Domain-0                                     0  1024     2\tr-----\t  52.3",
    "total 48\tdrwxr-xr-x 2 root root 4096 .",
    "[   12.345678] sun4i-gpio: probe of 1c20800.pinctrl failed with error -22",
    "Segmentation fault (core dumped)",
    "error: libxl-save-helper not found",
    "  9.51%  [kernel]  [k] update_curr",
    "ok: 128 passed; 0 failed",
];

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct At {
    date: NaiveDate,
    /// Minutes since midnight.
    min: u16,
}

impl At {
    fn shifted_min(self, d: i32) -> Option<At> {
        let m = i32::from(self.min) + d;
        (0..24 * 60).contains(&m).then_some(At {
            date: self.date,
            min: m as u16,
        })
    }
}

/// How entry sizes are distributed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Real notebooks: mean ~1.2 KB an entry, a tenth under 200 B (a line or
    /// two), a long tail of pastes up to 50 KB, more entries a day.
    Real,
    /// The original benchmark corpus: ~2.8 KB an entry, bodies mostly 1–4 KB.
    Long,
}

impl Shape {
    pub const ALL: [Shape; 2] = [Shape::Real, Shape::Long];

    pub fn name(self) -> &'static str {
        match self {
            Shape::Real => "real",
            Shape::Long => "long",
        }
    }

    pub fn parse(s: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|x| x.name() == s)
    }
}

/// Quantiles of a `real` entry's size in bytes (header to blank line), in
/// millionths: sizes are interpolated linearly between them. Mean ~1.25 KB.
const REAL_SIZES: &[(u32, usize)] = &[
    (0, 60),
    (100_000, 190),
    (250_000, 330),
    (500_000, 560),
    (750_000, 1_000),
    (900_000, 1_900),
    (970_000, 3_500),
    (990_000, 7_000),
    (997_000, 14_000),
    (1_000_000, 50_000),
];

/// What a generated corpus holds, for the generator's summary line.
#[derive(Default, Debug, Clone)]
pub struct Stats {
    pub files: usize,
    pub bytes: u64,
    pub entries: usize,
    /// Bytes of every entry, header to the blank line after it (LF endings).
    pub entry_bytes: u64,
    pub entries_under_200: usize,
    pub entry_p50: usize,
    pub entry_p90: usize,
    pub entry_p99: usize,
    pub entry_max: usize,
    pub refs: usize,
    pub refs_approx: usize,
    pub refs_dangling: usize,
    pub updates: usize,
    pub chars: u64,
    pub cjk_chars: u64,
}

struct Gen {
    rng: Rng,
    shape: Shape,
    /// The size of every entry written, for the quantiles in [`Stats`].
    sizes: Vec<u32>,
    first_day: NaiveDate,
    /// Header stamps written so far with their number of level-1 items.
    headers: Vec<(At, u8)>,
    update_stamps: Vec<At>,
    taken: HashSet<At>,
    /// (topic, next part) of running series.
    series: Vec<(String, u32)>,
    chars: u64,
    cjk: u64,
    stats: Stats,
}

fn is_cjk(c: char) -> bool {
    ('\u{2E80}'..='\u{9FFF}').contains(&c) || ('\u{FF00}'..='\u{FFEF}').contains(&c)
}

impl Gen {
    fn stamp(&mut self, at: At) -> String {
        let (h, m) = (at.min / 60, at.min % 60);
        let (y, mo, d) = (at.date.year(), at.date.month(), at.date.day());
        let mut s = String::with_capacity(16);
        if self.rng.chance(0.3) {
            let _ = write!(s, "{h:02}:{m:02} {y}-");
        } else {
            let _ = write!(s, "{h}:{m:02} {y}-");
        }
        if self.rng.chance(0.5) {
            let _ = write!(s, "{mo:02}-{d:02}");
        } else {
            let _ = write!(s, "{mo}-{d}");
        }
        s
    }

    /// Appends a clause of words, Chinese or English, steering the running share of
    /// CJK characters towards one half.
    fn clause(&mut self, out: &mut String) {
        let zh = self.cjk * 2 < self.chars;
        let start = out.len();
        if zh {
            for _ in 0..self.rng.range(2, 7) {
                out.push_str(self.rng.pick(ZH));
            }
        } else {
            for i in 0..self.rng.range(2, 6) {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(self.rng.pick(EN));
            }
        }
        self.count(&out[start..]);
    }

    fn count(&mut self, s: &str) {
        for c in s.chars() {
            self.chars += 1;
            self.cjk += u64::from(is_cjk(c));
        }
    }

    fn sentence(&mut self, out: &mut String, refs_left: &mut u32) {
        for i in 0..self.rng.range(1, 4) {
            if i > 0 {
                out.push_str(if self.rng.chance(0.5) { "，" } else { ", " });
            }
            self.clause(out);
            if *refs_left > 0 && self.rng.chance(0.35) {
                *refs_left -= 1;
                out.push(' ');
                self.reference(out);
                out.push(' ');
            }
        }
        if self.rng.chance(0.003) {
            out.push_str(if self.rng.chance(0.5) {
                " \\todo"
            } else {
                " \\TODO"
            });
        }
        out.push_str(if self.rng.chance(0.5) { "。" } else { "." });
    }

    fn reference(&mut self, out: &mut String) {
        self.stats.refs += 1;
        let cue = self
            .rng
            .pick(&["see", "see ", "见", "详见", "ref ", "ref", "", "See"]);
        out.push_str(cue);
        let roll = self.rng.below(100);
        if self.headers.is_empty() || roll < 10 {
            self.stats.refs_dangling += 1;
            let at = if self.rng.chance(0.5) || self.headers.is_empty() {
                // Before the first notebook: outside the loaded range.
                At {
                    date: self.first_day - Duration::days(self.rng.range(30, 900) as i64),
                    min: self.rng.range(7 * 60, 23 * 60) as u16,
                }
            } else {
                // A loaded day, in the small hours: nothing within 10 minutes.
                let (h, _) = *self.recent_header();
                At {
                    date: h.date,
                    min: self.rng.range(0, 5 * 60) as u16,
                }
            };
            let s = self.stamp(at);
            let _ = write!(out, "\"{s}\"");
            return;
        }
        if roll < 15 {
            // The minute mistyped: approximate.
            let (h, _) = *self.recent_header();
            let d = self.rng.range(1, 5) as i32 * if self.rng.chance(0.5) { 1 } else { -1 };
            if let Some(at) = h.shifted_min(d).filter(|a| !self.taken.contains(a)) {
                self.stats.refs_approx += 1;
                let s = self.stamp(at);
                let _ = write!(out, "\"{s}\"");
                return;
            }
        }
        if roll < 24 && !self.update_stamps.is_empty() {
            let n = self.update_stamps.len();
            let at = self.update_stamps[n - 1 - self.rng.below(n.min(50))];
            let s = self.stamp(at);
            let _ = write!(out, "\"{s}\"");
            return;
        }
        let (at, items) = *self.recent_header();
        let s = self.stamp(at);
        let _ = write!(out, "\"{s}\"");
        if items > 0 && self.rng.chance(0.4) {
            let k = self.rng.range(1, usize::from(items));
            let (j, i) = (self.rng.range(1, 3), self.rng.range(1, 2));
            let _ = match self.rng.below(5) {
                0 | 1 => write!(out, "{k}"),
                2 => write!(out, "{k}-{j})"),
                3 => write!(out, "{k}-{j})-({i})"),
                _ => write!(out, "-{k}-{j})"),
            };
        }
    }

    fn recent_header(&mut self) -> &(At, u8) {
        let n = self.headers.len();
        let back = if self.rng.chance(0.7) {
            self.rng.below(n.min(60))
        } else {
            self.rng.below(n)
        };
        &self.headers[n - 1 - back]
    }

    fn keyword_line(&mut self, out: &mut String) {
        let topic = self.rng.pick(TOPICS);
        let depth = self.rng.range(2, topic.len());
        let comma = if self.rng.chance(0.1) {
            self.rng.pick(&["，", "、"])
        } else {
            ", "
        };
        let start = out.len();
        for (i, t) in topic[..depth].iter().enumerate() {
            if i > 0 {
                out.push_str(comma);
            }
            out.push_str(t);
        }
        if self.rng.chance(0.25) {
            self.series_mark(out, comma, topic[depth - 1]);
            if self.rng.chance(0.1) {
                let other = self.rng.pick(TOPICS);
                out.push_str(comma);
                out.push_str(other[other.len() - 1]);
                self.series_mark(out, comma, other[other.len() - 1]);
            }
        }
        if self.rng.chance(0.2) {
            out.push_str(if self.rng.chance(0.8) { "; " } else { "；" });
            let other = self.rng.pick(TOPICS);
            let w = self.rng.pick(EN);
            let _ = write!(out, "{} {w}", other[other.len() - 1]);
        }
        let line = out[start..].to_string();
        self.count(&line);
        out.push('\n');
    }

    fn series_mark(&mut self, out: &mut String, comma: &str, topic: &str) {
        let part = match self.series.iter_mut().find(|s| s.0 == topic) {
            Some(s) => {
                s.1 += 1;
                s.1
            }
            None => {
                self.series.push((topic.to_string(), 1));
                1
            }
        };
        out.push_str(comma);
        if self.rng.chance(0.05) {
            out.push_str("cont");
        } else {
            let _ = write!(out, "cont{part}");
        }
    }

    /// One entry (header line to the end of its body).
    fn entry(&mut self, out: &mut String, at: At, next_day: NaiveDate) {
        self.stats.entries += 1;
        let begin = out.len();
        let header = self.stamp(at);
        let pad = if self.rng.chance(0.03) { " " } else { "" };
        let _ = writeln!(out, "{pad}{header}{pad}");
        if self.rng.chance(0.15) {
            let later = At {
                date: at.date + Duration::days(self.rng.range(0, 3) as i64),
                min: self.rng.range(7 * 60, 23 * 60 + 59) as u16,
            };
            let s = self.stamp(later.max(at));
            let _ = writeln!(out, "({s})");
        }
        let gtd = self.rng.chance(0.08);
        if gtd {
            out.push_str("GTD\n");
            let (a, b) = (self.rng.range(8, 11), self.rng.range(17, 20));
            let _ = writeln!(
                out,
                "0, {a}:{:02}-{b}:{:02}\n",
                self.rng.below(60),
                self.rng.below(60)
            );
        } else if self.rng.chance(0.95) {
            self.keyword_line(out);
        }
        let (target, short) = match self.shape {
            // Body size: mostly 1-4 KB, a few long pastes; about 3 KB on average.
            Shape::Long => match self.rng.below(20) {
                0 => (self.rng.range(8_000, 20_000), false),
                1..=4 => (self.rng.range(200, 900), false),
                _ => (self.rng.range(1_000, 3_600), false),
            },
            // The whole entry's size drawn from REAL_SIZES; what the header and
            // keyword line took (and the closing blank line) comes off the body.
            Shape::Real => {
                let t = self.real_size().saturating_sub(out.len() - begin + 1);
                (t, t < 250)
            }
        };
        let start = out.len();
        let mut refs_left = if short {
            u32::from(self.rng.chance(0.2))
        } else {
            match self.rng.below(20) {
                0..=6 => 0,
                7..=14 => 1,
                15..=18 => 2,
                _ => 3,
            }
        };
        let mut item = 0u8;
        if short {
            item = self.short_body(out, target, &mut refs_left);
        } else if self.rng.chance(0.1) {
            self.sentence(out, &mut refs_left);
            out.push('\n');
        }
        while !short && (out.len() - start < target || refs_left > 0) {
            item = item.saturating_add(1);
            let _ = write!(out, "{item}, ");
            self.sentence(out, &mut refs_left);
            out.push('\n');
            for sub in 1..=self.rng.below(4) {
                let tab = if self.rng.chance(0.5) { "\t" } else { "" };
                let sep = self.rng.pick(&["), ", ")", "), ", "),"]);
                let _ = write!(out, "{tab}{sub}{sep}");
                self.sentence(out, &mut refs_left);
                out.push('\n');
                for subsub in 1..=self.rng.below(3).saturating_sub(1) {
                    let _ = write!(out, "{tab}\t({subsub}), ");
                    self.sentence(out, &mut refs_left);
                    out.push('\n');
                }
            }
            self.extras(out, &mut refs_left);
        }
        self.headers.push((at, item));
        if !short && self.rng.chance(0.2) {
            self.update(out, at, next_day, item, &mut refs_left);
        }
        out.push('\n');
        let size = out.len() - begin;
        self.stats.entry_bytes += size as u64;
        self.stats.entries_under_200 += usize::from(size < 200);
        self.sizes.push(size as u32);
    }

    /// A `real` entry's size in bytes, from the quantiles of [`REAL_SIZES`].
    fn real_size(&mut self) -> usize {
        let u = self.rng.below(1_000_000) as u32;
        let i = REAL_SIZES.iter().rposition(|&(q, _)| q <= u).unwrap_or(0);
        let (q0, s0) = REAL_SIZES[i];
        let (q1, s1) = REAL_SIZES[(i + 1).min(REAL_SIZES.len() - 1)];
        if q1 == q0 {
            return s0;
        }
        s0 + (s1 - s0) * (u - q0) as usize / (q1 - q0) as usize
    }

    /// The body of a short entry: a line or two of one clause each (no
    /// outline below the first level), returning the number of items.
    fn short_body(&mut self, out: &mut String, target: usize, refs_left: &mut u32) -> u8 {
        let start = out.len();
        let numbered = self.rng.chance(0.5);
        let mut item = 0u8;
        while out.len() - start < target || *refs_left > 0 {
            if numbered {
                item = item.saturating_add(1);
                let _ = write!(out, "{item}, ");
            }
            self.clause(out);
            if *refs_left > 0 {
                *refs_left -= 1;
                out.push(' ');
                self.reference(out);
            }
            out.push_str(if self.rng.chance(0.5) { "。" } else { "." });
            out.push('\n');
        }
        item
    }

    fn extras(&mut self, out: &mut String, refs_left: &mut u32) {
        match self.rng.below(12) {
            0 => {
                let _ = writeln!(out, "{}", self.rng.pick(SHELL));
                for _ in 0..self.rng.range(1, 4) {
                    let _ = writeln!(out, "{}", self.rng.pick(OUTPUT));
                }
            }
            1 => {
                let name = self.rng.pick(NAMES);
                let _ = writeln!(out, "{name} wrote:");
                for _ in 0..self.rng.range(2, 6) {
                    out.push_str("> ");
                    self.clause(out);
                    out.push('\n');
                }
            }
            2 => {
                let w = self.rng.pick(EN);
                let n = self.rng.below(100_000);
                let _ = writeln!(
                    out,
                    "http://lists.xen.org/archives/html/xen-devel/2013-01/msg{n:05}.html {w}"
                );
            }
            3 => {
                let name = self.rng.pick(NAMES);
                let user = name.split(' ').next().unwrap_or("x").to_lowercase();
                let _ = writeln!(
                    out,
                    "\"{name} <{user}@example.com>\"_email_2013010{}",
                    self.rng.range(1, 9)
                );
            }
            4 | 5 => {
                self.sentence(out, refs_left);
                out.push('\n');
            }
            _ => {}
        }
    }

    fn update(&mut self, out: &mut String, at: At, next_day: NaiveDate, items: u8, refs: &mut u32) {
        // Some time after the entry, before the next day's entries are planned.
        let days = (next_day - at.date).num_days().max(0) as usize;
        let date = at.date + Duration::days(self.rng.range(0, days.min(20)) as i64);
        let min = self.rng.range(7 * 60, 23 * 60 + 59) as u16;
        let up = At { date, min }.max(At {
            date: at.date,
            min: at.min.saturating_add(30).min(24 * 60 - 1),
        });
        if self.taken.contains(&up) {
            return;
        }
        self.stats.updates += 1;
        self.taken.insert(up);
        self.update_stamps.push(up);
        let s = self.stamp(up);
        if self.rng.chance(0.5) {
            let _ = write!(out, "{}, ({s}) ", items + 1);
        } else {
            let _ = writeln!(out, "({s})");
        }
        self.sentence(out, refs);
        out.push('\n');
        for _ in 0..self.rng.range(0, 3) {
            out.push('\t');
            self.sentence(out, refs);
            out.push('\n');
        }
        if self.rng.chance(0.5) {
            let end = if self.rng.chance(0.5) { "end." } else { "" };
            let _ = writeln!(out, "\"{s}\"{end}");
        }
    }
}

/// Writes about `mb` megabytes of notebooks of `shape` into `dir` (created if
/// needed).
pub fn generate(mb: u64, seed: u64, shape: Shape, dir: &Path) -> std::io::Result<Stats> {
    std::fs::create_dir_all(dir)?;
    let budget = mb * 1024 * 1024;
    let first_day = NaiveDate::from_ymd_opt(2005, 1, 1).expect("valid date");
    let mut g = Gen {
        rng: Rng::new(seed),
        shape,
        sizes: Vec::new(),
        first_day,
        headers: Vec::new(),
        update_stamps: Vec::new(),
        taken: HashSet::new(),
        series: Vec::new(),
        chars: 0,
        cjk: 0,
        stats: Stats::default(),
    };
    let mut day = first_day;
    let mut written = 0u64;
    while written < budget {
        let (y, m) = (day.year(), day.month());
        let mut text = String::new();
        if g.rng.chance(0.3) {
            text.push_str(".LOG\n");
        }
        if g.rng.chance(0.3) {
            let _ = writeln!(text, "Notes for {y}-{m}, {}.\n", g.rng.pick(EN));
        }
        while day.month() == m && written + (text.len() as u64) < budget {
            let next = day + Duration::days(1);
            let weekend = day.weekday().number_from_monday() > 5;
            // Real notebooks hold ~3x more (shorter) entries a day, so that
            // both shapes span about the same years.
            let n = match (shape, weekend) {
                (Shape::Long, true) => g.rng.range(0, 4),
                (Shape::Long, false) => g.rng.range(3, 9),
                (Shape::Real, true) => g.rng.range(1, 8),
                (Shape::Real, false) => g.rng.range(8, 20),
            };
            let mut mins: Vec<u16> = (0..n)
                .map(|_| g.rng.range(7 * 60, 23 * 60 + 59) as u16)
                .collect();
            mins.sort_unstable();
            if g.rng.chance(0.98) {
                mins.dedup();
            }
            for &min in &mins {
                g.taken.insert(At { date: day, min });
            }
            let mut entries: Vec<String> = Vec::with_capacity(mins.len());
            for &min in &mins {
                let mut e = String::new();
                g.entry(&mut e, At { date: day, min }, next);
                entries.push(e);
            }
            // File order is not time order: now and then two entries swap.
            if entries.len() > 1 && g.rng.chance(0.05) {
                let i = g.rng.below(entries.len() - 1);
                entries.swap(i, i + 1);
            }
            for e in entries {
                text.push_str(&e);
            }
            day = next;
        }
        let crlf = g.rng.chance(0.1);
        let bom = g.rng.chance(0.05);
        let mut bytes = Vec::with_capacity(text.len() + text.len() / 30);
        if bom {
            bytes.extend_from_slice(b"\xEF\xBB\xBF");
        }
        if crlf {
            bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
        } else {
            bytes.extend_from_slice(text.as_bytes());
        }
        std::fs::write(dir.join(format!("log{y}{m:02}.txt")), &bytes)?;
        g.stats.files += 1;
        written += bytes.len() as u64;
        while day.month() == m {
            day += Duration::days(1);
        }
    }
    g.stats.bytes = written;
    g.sizes.sort_unstable();
    let at = |q: usize| {
        g.sizes
            .get(g.sizes.len() * q / 100)
            .map_or(0, |&s| s as usize)
    };
    g.stats.entry_p50 = at(50);
    g.stats.entry_p90 = at(90);
    g.stats.entry_p99 = at(99);
    g.stats.entry_max = g.sizes.last().map_or(0, |&s| s as usize);
    g.stats.chars = g.chars;
    g.stats.cjk_chars = g.cjk;
    Ok(g.stats)
}

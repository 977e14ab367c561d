// SPDX-License-Identifier: GPL-2.0
//! Running a family's operations and printing what comes back, for any
//! family: the modules' verbs are a request and one of these.

use crate::attr::ParseError;
use crate::error::Error;
use crate::genl::{Family, GenlSocket};
use crate::json::Value;
use crate::schema::{FamilyDesc, Notify, Reply, Request};
use crate::{emit, Ctx};

/// Opens a socket and resolves `desc`'s family.
pub fn connect(desc: &FamilyDesc) -> Result<(GenlSocket, Family), Error> {
    let mut sock = GenlSocket::open()?;
    let family = sock.resolve(desc.name)?;
    Ok((sock, family))
}

/// Sends `req` (as a dump with `dump`) and parses the replies.
pub fn call<R: Request>(req: &R, dump: bool) -> Result<Vec<R::Reply>, Error> {
    let mut sock = GenlSocket::open()?;
    let family = sock.resolve(R::OP.family)?;
    let mut attrs = Vec::new();
    req.encode(&mut attrs);
    let msgs = sock.request(&family, R::OP, dump, &attrs)?;
    msgs.iter()
        .map(|m| R::Reply::parse(m.attrs()))
        .collect::<Result<_, _>>()
        .map_err(|e| Error::proto(&format!("{} {}", family.name, R::OP.name), e))
}

/// A show verb: a do with what `req` names, or a dump of everything when it
/// names nothing. Prints a JSON array, or each reply's text.
pub fn show<R: Request>(ctx: &Ctx, req: &R) -> Result<(), Error> {
    let dump = req.is_empty() && R::OP.has_dump;
    let replies = call(req, dump)?;
    print_all(ctx, &replies)
}

/// Prints replies: a JSON array, or each one's text.
pub fn print_all<T: Reply>(ctx: &Ctx, items: &[T]) -> Result<(), Error> {
    if ctx.json {
        let list = items.iter().map(|i| i.to_json().build()).collect();
        return emit(&Value::Array(list).to_json());
    }
    for i in items {
        emit(&i.format_show())?;
    }
    Ok(())
}

/// A create verb: prints the new object, as JSON or as `created` and its
/// first line.
pub fn create<R: Request>(ctx: &Ctx, req: &R) -> Result<(), Error> {
    let reply = call(req, false)?.into_iter().next().ok_or_else(|| {
        Error::proto(
            &format!("{} {}", R::OP.family, R::OP.name),
            ParseError("no reply".into()),
        )
    })?;
    if ctx.json {
        emit(&reply.to_json().build().to_json())
    } else {
        emit(&format!("created {}", reply.format_brief()))
    }
}

/// A verb that changes or deletes: no output.
pub fn change<R: Request>(req: &R) -> Result<(), Error> {
    call(req, false).map(drop)
}

/// One notification as printed: `{"event":"new",...}` or `new` and the
/// first line of the object.
pub fn format_event<N: Notify>(ctx: &Ctx, n: &N) -> String {
    if ctx.json {
        n.reply()
            .to_json()
            .prepend("event", Value::Str(n.event().to_string()))
            .build()
            .to_json()
    } else {
        format!("{} {}", n.event(), n.reply().format_brief())
    }
}

/// Joins the family's multicast groups and prints its notifications until
/// `count` were printed (forever without a count).
pub fn monitor<N: Notify>(ctx: &Ctx, count: Option<u64>) -> Result<(), Error> {
    let (mut sock, family) = connect(N::FAMILY)?;
    for group in &N::FAMILY.mcgrps[1.min(N::FAMILY.mcgrps.len())..] {
        sock.subscribe(&family, group)?;
    }
    let first = N::FAMILY.mcgrps.first().copied().unwrap_or("");
    sock.monitor(&family, first, count, |m| match N::parse(m) {
        None => Ok(false),
        Some(n) => {
            let n = n.map_err(|e| Error::proto(&format!("{} event", family.name), e))?;
            emit(&format_event(ctx, &n))?;
            Ok(true)
        }
    })
}
